/// Opening a log for writing: checks the sealed segments' indexes and brings the last segment
/// back to its last whole, verified batch.
struct Recovery {
    let files: SegmentFiles
    var report = RecoveryReport()

    /// The state of the last segment once its tail is sound.
    struct Tail {
        var file: any LogFile
        var size: Int64
        var index: SegmentIndex
        var lastTime: Int64
    }

    init(files: SegmentFiles) {
        self.files = files
    }

    /// Removes temporary files of interrupted creations.
    mutating func removeTemporaryFiles() throws {
        for name in try files.fileSystem.contentsOfDirectory(files.directory) ?? []
        where name.hasSuffix(SegmentFileName.temporarySuffix) {
            let path = files.directory + "/" + name
            try files.fileSystem.removeFile(path)
            report.removedTemporaryFiles.append(path)
        }
    }

    /// Checks that a sealed segment is followed by `nextBase`, rewriting its index if needed.
    mutating func checkSealed(base: UInt64, nextBase: UInt64) throws -> Int64 {
        let reader = try SegmentReader(
            file: try files.fileSystem.openForReading(files.segmentPath(base)),
            expectedBase: base
        )
        let (index, persisted) = try reader.loadIndex(fileSystem: files.fileSystem, indexPath: files.indexPath(base))
        let size = try reader.file.size()
        guard index.nextOffset == nextBase, index.coveredBytes == size else {
            throw LogError.damaged(
                "sealed segment ends at offset \(index.nextOffset) (byte \(index.coveredBytes) of \(size)) "
                    + "but the next segment starts at offset \(nextBase); run `avosync verify` for a full report",
                path: reader.path,
                position: index.coveredBytes,
                offsets: index.nextOffset..<max(index.nextOffset, nextBase)
            )
        }
        if !persisted {
            try files.writeIndex(index)
            report.rebuiltIndexes.append(files.indexPath(base))
        }
        return index.maxTime
    }

    /// Verifies every batch of the last segment; cuts a torn or unverifiable last batch, and
    /// refuses (`.damaged`) when a verifiable batch follows a bad one: that is damage, not a tear.
    mutating func recoverLastSegment(base: UInt64) throws -> Tail {
        let path = files.segmentPath(base)
        let file = try files.fileSystem.openForWriting(path, create: false)
        let reader = try SegmentReader(file: file, expectedBase: base)
        var index = SegmentIndex(baseOffset: base)
        var position = Int64(SegmentHeader.size)
        while true {
            let found = try reader.batch(at: position, decode: false)
            switch found {
            case .batch(let header, _, let next):
                guard header.firstOffset == index.nextOffset else {
                    throw LogError.damaged(
                        "batch starts at offset \(header.firstOffset), expected \(index.nextOffset)",
                        path: path,
                        position: position,
                        offsets: header.offsets
                    )
                }
                index.note(header, at: position)
                position = next
                continue
            case .end:
                break
            case .incomplete(let reason), .invalid(let reason):
                if let later = try reader.firstVerifiableBatch(from: position + 1) {
                    throw LogError.damaged(
                        "damaged batch at byte \(position) (\(reason)) is followed by a whole batch at byte "
                            + "\(later.position) (offsets \(later.header.firstOffset)...); refusing to cut acknowledged "
                            + "records: run `avosync verify` and restore the segment from a copy",
                        path: path,
                        position: position,
                        offsets: index.nextOffset..<later.header.firstOffset
                    )
                }
                try truncate(file: file, at: position, fromOffset: index.nextOffset, reason: reason)
            }
            break
        }
        let lastTime = index.maxTime
        return Tail(file: file, size: position, index: index, lastTime: lastTime)
    }

    private mutating func truncate(file: any LogFile, at position: Int64, fromOffset: UInt64, reason: String) throws {
        let size = try file.size()
        let cut = try file.read(count: Int(size - position), at: position)
        var savedTo: String?
        let quarantine = files.directory + "/quarantine"
        let name = (file.path.split(separator: "/").last.map(String.init) ?? "segment") + "@\(position).torn"
        if (try? files.fileSystem.createDirectory(quarantine)) != nil,
            let saved = try? files.fileSystem.openForWriting(quarantine + "/" + name, create: true),
            (try? saved.truncate(to: 0)) != nil, (try? saved.write(cut, at: 0)) != nil, (try? saved.sync()) != nil
        {
            savedTo = quarantine + "/" + name
        }
        try file.truncate(to: position)
        try file.sync()
        report.truncation = RecoveryReport.Truncation(
            segment: file.path,
            position: position,
            bytes: size - position,
            fromOffset: fromOffset,
            reason: reason,
            savedTo: savedTo
        )
    }
}
