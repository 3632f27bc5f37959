/// Reads a log forward from an offset or a time, handing out only whole, verified batches.
///
/// At the end of the log `nextBatch()` returns nil; called again later, it returns what was
/// appended since, following segment rolls (this is what `LogTail` polls). A torn or in-progress
/// last batch reads as "not there yet". Damage anywhere before the tail throws `.damaged` naming
/// the segment, byte position and offsets: it is never skipped.
///
/// Not thread-safe; use one cursor per task. Any number of cursors, in any process, may read a
/// log while its writer appends.
public final class LogCursor {
    /// Where reading starts.
    public enum Start: Sendable, Equatable {
        /// At this offset (or at the end, for an offset past it).
        case offset(UInt64)
        /// At the first record appended at or after this time (microseconds since 1970).
        case time(Int64)
    }

    private let files: SegmentFiles
    private var segment: SegmentReader
    private var position: Int64
    /// The first offset of the next batch in the file.
    private var expectedOffset: UInt64
    /// Records below this offset are not handed out (a seek into the middle of a batch).
    private var skipBelow: UInt64
    /// Records before this time are not handed out (a seek by time), until the first one after it.
    private var timeFloor: Int64?
    private var pending: LogBatch?
    private var pendingIndex = 0

    /// Opens a cursor on the log in `directory`.
    public convenience init(directory: String, from start: Start = .offset(0)) throws {
        try self.init(directory: directory, from: start, fileSystem: POSIXFileSystem())
    }

    /// Opens a cursor on the log in `directory` when there is one; nil when no log exists there
    /// yet (no directory, or no segment), which a reader of a log that may not have been written
    /// treats as empty.
    public static func ifPresent(directory: String, from start: Start = .offset(0)) throws -> LogCursor? {
        do {
            return try LogCursor(directory: directory, from: start)
        } catch let error as LogError where error.code == .notALog {
            return nil
        }
    }

    /// Opens a cursor through a given file system.
    package init(directory: String, from start: Start, fileSystem: any LogFileSystem) throws {
        files = SegmentFiles(directory: directory, fileSystem: fileSystem)
        let bases = try files.existingSegmentBases()
        switch start {
        case .offset(let offset):
            let base = bases.last(where: { $0 <= offset }) ?? bases[0]
            segment = try Self.openSegment(files, base)
            let (index, _) = try segment.loadIndex(fileSystem: fileSystem, indexPath: files.indexPath(base))
            position = index.startPosition(forOffset: offset)
            expectedOffset = base
            skipBelow = offset
            try skipHeaders { $0.offsets.upperBound <= offset }
        case .time(let time):
            var chosen = bases[0]
            for base in bases.dropFirst() {
                let reader = try Self.openSegment(files, base)
                guard case .batch(let header, _, _) = try reader.header(at: Int64(SegmentHeader.size)),
                    header.minTime < time
                else { break }
                chosen = base
            }
            segment = try Self.openSegment(files, chosen)
            let (index, _) = try segment.loadIndex(fileSystem: fileSystem, indexPath: files.indexPath(chosen))
            position = index.startPosition(forTime: time)
            expectedOffset = chosen
            skipBelow = 0
            timeFloor = time
            try skipHeaders { $0.maxTime < time }
        }
    }

    /// The offset of the next record `next()` would return (once it exists).
    public var nextOffset: UInt64 {
        if let pending, pendingIndex < pending.endIndex { return pending[pendingIndex].offset }
        return max(expectedOffset, skipBelow)
    }

    /// Moves past every whole batch appended so far, reading batch headers only (nothing is
    /// decompressed or handed out), and returns the offset the log has reached: a cheap way for a
    /// second cursor to learn how far a live log has grown.
    public func skipToEnd() throws -> UInt64 {
        pending = nil
        try skipHeaders { _ in true }
        return max(expectedOffset, skipBelow)
    }

    /// Who appended the batch of the record `next()` returned last (nil when its writer did not
    /// name itself, as in logs written before names were kept).
    public var appendedBy: String? { pending?.appendedBy }

    /// The next record, or nil at the current end of the log.
    public func next() throws -> LogRecord? {
        while true {
            if let batch = pending, pendingIndex < batch.endIndex {
                defer { pendingIndex += 1 }
                return batch[pendingIndex]
            }
            guard let batch = try nextBatch() else { return nil }
            pending = batch
            pendingIndex = batch.startIndex
        }
    }

    /// The rest of the current batch if `next()` left some, else the next whole batch; nil at
    /// the current end of the log.
    public func nextBatch() throws -> LogBatch? {
        if let batch = pending, pendingIndex < batch.endIndex {
            pending = nil
            return batch.dropping(before: pendingIndex)
        }
        pending = nil
        while true {
            switch try segment.batch(at: position, decode: true) {
            case .batch(let header, let decoded, let next):
                guard header.firstOffset == expectedOffset else {
                    throw LogError.damaged(
                        "batch holds offsets from \(header.firstOffset) where offset \(expectedOffset) should come next",
                        path: segment.path,
                        position: position,
                        offsets: min(header.firstOffset, expectedOffset)..<max(header.firstOffset, expectedOffset)
                    )
                }
                position = next
                expectedOffset = header.offsets.upperBound
                if let batch = trimmed(decoded!) { return batch }
            case .end:
                guard try moveToNextSegment() else { return nil }
            case .incomplete(let reason), .invalid(let reason):
                try checkIsTail(reason: reason)
                return nil
            }
        }
    }

    private func trimmed(_ batch: LogBatch) -> LogBatch? {
        var batch = batch
        if skipBelow > batch.batchFirstOffset {
            batch = batch.dropping(before: Int(min(skipBelow - batch.batchFirstOffset, UInt64(batch.endIndex))))
        }
        if let floor = timeFloor {
            guard let first = batch.indices.first(where: { batch[$0].timestamp >= floor }) else { return nil }
            batch = batch.dropping(before: first)
            timeFloor = nil
        }
        return batch.isEmpty ? nil : batch
    }

    /// At the end of a segment: moves to the segment that starts where this one ends, if there is
    /// one; throws when a later segment exists but does not continue the offsets.
    private func moveToNextSegment() throws -> Bool {
        let later = try files.segmentBases().filter { $0 > segment.baseOffset }
        guard let next = later.first else { return false }
        guard next == expectedOffset else {
            throw LogError.damaged(
                "segment ends at offset \(expectedOffset) but the next segment starts at offset \(next)",
                path: segment.path,
                position: position,
                offsets: min(next, expectedOffset)..<max(next, expectedOffset)
            )
        }
        segment = try Self.openSegment(files, next)
        position = Int64(SegmentHeader.size)
        return true
    }

    /// A bad batch is acceptable only as the tail of the last segment (torn, or being written).
    /// Whatever follows it may have been written since it was read, so it is read again before
    /// it is called damage.
    private func checkIsTail(reason: String) throws {
        let laterSegment = try files.segmentBases().contains { $0 > segment.baseOffset }
        var laterBatch: (position: Int64, header: BatchHeader)?
        if laterSegment {
            // The writer rolls to a new segment only once this one's last batch is whole.
            segment.invalidateWindow()
            if case .batch = try segment.batch(at: position, decode: false) { return }
        } else {
            laterBatch = try segment.damage(at: position)
        }
        if laterSegment || laterBatch != nil {
            throw LogError.damaged(
                "unreadable batch (\(reason)) before the end of the log",
                path: segment.path,
                position: position,
                offsets: expectedOffset..<(laterBatch?.header.firstOffset ?? expectedOffset + 1)
            )
        }
    }

    /// Advances over whole batches the seek does not need, reading headers only.
    private func skipHeaders(while isBefore: (BatchHeader) -> Bool) throws {
        while true {
            switch try segment.header(at: position) {
            case .batch(let header, _, let next):
                expectedOffset = header.firstOffset
                guard isBefore(header) else { return }
                position = next
                expectedOffset = header.offsets.upperBound
            case .end:
                guard try moveToNextSegment() else { return }
            case .incomplete, .invalid:
                return
            }
        }
    }

    private static func openSegment(_ files: SegmentFiles, _ base: UInt64) throws -> SegmentReader {
        try SegmentReader(file: try files.fileSystem.openForReading(files.segmentPath(base)), expectedBase: base)
    }
}
