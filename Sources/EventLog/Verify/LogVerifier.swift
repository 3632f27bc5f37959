/// Checks a log end to end: every segment header, every batch's checksum and LZ4 frame, the record
/// table, and that offsets run on without gap from segment to segment. The same check serves
/// `avosync verify` and the tests.
public enum LogVerifier {
    /// Verifies the log in `directory`. Throws only when it is not a log at all or cannot be read;
    /// damage is reported in the result.
    public static func verify(directory: String) throws -> LogVerification {
        try verify(directory: directory, fileSystem: POSIXFileSystem())
    }

    package static func verify(directory: String, fileSystem: any LogFileSystem) throws -> LogVerification {
        let files = SegmentFiles(directory: directory, fileSystem: fileSystem)
        let bases = try files.existingSegmentBases()
        let writerActive = WriterLock.isHeld(directory: directory)
        var report = LogVerification(directory: directory)
        var expected: UInt64 = 0
        for (number, base) in bases.enumerated() {
            let isLast = number == bases.count - 1
            let path = files.segmentPath(base)
            report.segments += 1
            if base != expected {
                report.damages.append(
                    .init(
                        segment: path,
                        position: 0,
                        length: 0,
                        fromOffset: min(base, expected),
                        toOffset: max(base, expected),
                        reason: base > expected
                            ? "offsets \(expected)...\(base - 1) are missing: no segment holds them"
                            : "segment starts at offset \(base), inside the previous segment (which ends at \(expected))"
                    )
                )
            }
            expected = base
            let reader: SegmentReader
            do {
                reader = try SegmentReader(file: try fileSystem.openForReading(path), expectedBase: base)
            } catch let error as LogError where error.code == .damaged || error.code == .unsupportedFormat {
                let size = (try? fileSystem.openForReading(path).size()) ?? 0
                report.damages.append(
                    .init(
                        segment: path,
                        position: error.position ?? 0,
                        length: size,
                        fromOffset: base,
                        toOffset: nil,
                        reason: error.message
                    )
                )
                continue
            }
            expected = try verifyBatches(
                reader,
                isLast: isLast,
                writerActive: writerActive,
                expected: expected,
                report: &report
            )
            checkIndex(files: files, reader: reader, report: &report)
        }
        report.nextOffset = expected
        return report
    }

    private static func verifyBatches(
        _ reader: SegmentReader,
        isLast: Bool,
        writerActive: Bool,
        expected start: UInt64,
        report: inout LogVerification
    ) throws -> UInt64 {
        var expected = start
        var position = Int64(SegmentHeader.size)
        while true {
            switch try reader.batch(at: position, decode: true) {
            case .batch(let header, _, let next):
                if header.firstOffset != expected {
                    report.damages.append(
                        .init(
                            segment: reader.path,
                            position: position,
                            length: 0,
                            fromOffset: min(expected, header.firstOffset),
                            toOffset: max(expected, header.firstOffset),
                            reason: "batch starts at offset \(header.firstOffset) where \(expected) should come next"
                        )
                    )
                }
                report.batches += 1
                report.records += UInt64(header.recordCount)
                expected = header.offsets.upperBound
                position = next
            case .end:
                return expected
            case .incomplete(let reason), .invalid(let reason):
                let size = try reader.file.size()
                if let later = try reader.damage(at: position) {
                    report.damages.append(
                        .init(
                            segment: reader.path,
                            position: position,
                            length: later.position - position,
                            fromOffset: expected,
                            toOffset: later.header.firstOffset,
                            reason: reason
                        )
                    )
                    position = later.position
                    expected = later.header.firstOffset
                    continue
                }
                if isLast && writerActive {
                    report.notes.append(
                        "\(reader.path): \(size - position) bytes at byte \(position) are a batch being written"
                    )
                } else {
                    report.damages.append(
                        .init(
                            segment: reader.path,
                            position: position,
                            length: size - position,
                            fromOffset: expected,
                            toOffset: nil,
                            reason: reason
                                + (isLast
                                    ? " (the log's last batch: torn by a crash or damaged; the next writer cuts it off)"
                                    : "")
                        )
                    )
                }
                return expected
            }
        }
    }

    private static func checkIndex(files: SegmentFiles, reader: SegmentReader, report: inout LogVerification) {
        let path = files.indexPath(reader.baseOffset)
        guard files.fileSystem.fileExists(path) else {
            report.notes.append("\(path) is missing; it is rebuilt when needed")
            return
        }
        guard let size = try? reader.file.size(),
            let bytes = try? files.fileSystem.openForReading(path).readWholeFile(),
            SegmentIndex.decode(bytes, baseOffset: reader.baseOffset, segmentSize: size) != nil
        else {
            report.notes.append("\(path) is damaged or stale; it is rebuilt when needed")
            return
        }
    }
}
