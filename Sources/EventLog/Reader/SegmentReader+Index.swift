extension SegmentReader {
    /// Extends `index` with every whole batch after its covered bytes, reading headers only
    /// (sizes checked, checksums not). Stops at the end or at the first thing that is not a batch.
    func extendIndex(_ index: inout SegmentIndex) throws {
        let size = try file.size()
        var position = index.coveredBytes
        while case .batch(let header, _, let next) = try header(at: position), next <= size {
            index.note(header, at: position)
            position = next
        }
    }

    /// The segment's index: its `.idx` file when that is valid for the segment as it is now,
    /// else rebuilt from the segment's batch headers. `persisted` says which.
    func loadIndex(fileSystem: any LogFileSystem, indexPath: String) throws -> (index: SegmentIndex, persisted: Bool) {
        let size = try file.size()
        if fileSystem.fileExists(indexPath),
            let bytes = try? fileSystem.openForReading(indexPath).readWholeFile(),
            var index = SegmentIndex.decode(bytes, baseOffset: baseOffset, segmentSize: size)
        {
            let complete = index.coveredBytes == size
            if !complete { try extendIndex(&index) }
            return (index, complete)
        }
        var index = SegmentIndex(baseOffset: baseOffset)
        try extendIndex(&index)
        return (index, false)
    }
}
