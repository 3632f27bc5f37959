/// The files of one log directory: naming, listing, creating segments, writing indexes.
struct SegmentFiles: Sendable {
    let directory: String
    let fileSystem: any LogFileSystem

    func segmentPath(_ base: UInt64) -> String { directory + "/" + SegmentFileName.segment(base: base) }
    func indexPath(_ base: UInt64) -> String { directory + "/" + SegmentFileName.index(base: base) }

    /// Base offsets of the segments, ascending; throws `.notALog` when the directory is missing.
    func segmentBases() throws -> [UInt64] {
        guard let names = try fileSystem.contentsOfDirectory(directory) else {
            throw LogError(code: .notALog, message: "no log here: the directory does not exist", path: directory)
        }
        return names.compactMap(SegmentFileName.baseOffset(ofSegment:)).sorted()
    }

    /// Base offsets of the segments; throws `.notALog` when there are none.
    func existingSegmentBases() throws -> [UInt64] {
        let bases = try segmentBases()
        guard !bases.isEmpty else {
            throw LogError(
                code: .notALog,
                message: "not an avosync log: the directory holds no segment files",
                path: directory
            )
        }
        return bases
    }

    /// Creates an empty segment atomically: header to a temporary file, fsync, rename, fsync of
    /// the directory. A crash leaves either no segment or a whole header, never a torn one.
    func createSegment(base: UInt64, time: Int64) throws -> any LogFile {
        let path = segmentPath(base)
        let temporary = path + SegmentFileName.temporarySuffix
        let file = try fileSystem.openForWriting(temporary, create: true)
        try file.truncate(to: 0)
        try file.write(SegmentHeader(baseOffset: base, createdAt: time).encoded(), at: 0)
        try file.sync()
        try fileSystem.rename(temporary, to: path)
        try fileSystem.syncDirectory(directory)
        return try fileSystem.openForWriting(path, create: false)
    }

    /// Writes an index file atomically (temporary file, rename). Not fsynced: an index lost or
    /// torn by a power cut fails its checksum and is rebuilt.
    func writeIndex(_ index: SegmentIndex) throws {
        let path = indexPath(index.baseOffset)
        let temporary = path + SegmentFileName.temporarySuffix
        let file = try fileSystem.openForWriting(temporary, create: true)
        try file.truncate(to: 0)
        try file.write(index.encoded(), at: 0)
        try fileSystem.rename(temporary, to: path)
    }
}
