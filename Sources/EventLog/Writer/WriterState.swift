/// The segment being appended to.
struct ActiveSegment: Sendable {
    var file: any LogFile
    /// Bytes in the file that are whole batches (the next batch goes here).
    var size: Int64
    var index: SegmentIndex
    var baseOffset: UInt64 { index.baseOffset }
}

/// Everything the writer mutates, guarded by its mutex.
struct WriterState: Sendable {
    enum Lifecycle: Sendable {
        case open
        /// An fsync or a rollback failed: the disk's content is unknown until reopened.
        case failed(LogError)
        case closed
    }

    var active: ActiveSegment
    var nextOffset: UInt64
    /// Append times never go backwards, even when the wall clock does.
    var lastTime: Int64
    var lifecycle: Lifecycle = .open

    init(active: ActiveSegment, nextOffset: UInt64, lastTime: Int64) {
        self.active = active
        self.nextOffset = nextOffset
        self.lastTime = lastTime
    }

    var unavailableError: LogError {
        switch lifecycle {
        case .open: LogError(code: .unavailable, message: "the writer is open")
        case .closed: LogError(code: .unavailable, message: "the log writer is closed")
        case .failed(let cause):
            LogError(
                code: .unavailable,
                message:
                    "the log writer stopped after a failure it cannot repair in place (\(cause)); reopen the log to recover",
                path: cause.path
            )
        }
    }

    /// Writes the batches one after another, rolling segments as needed. On failure, cuts back
    /// everything this call wrote and rethrows; if even that fails, the writer stops.
    mutating func write(
        _ batches: inout [PreparedBatch],
        configuration: LogConfiguration,
        files: SegmentFiles
    ) throws -> Range<UInt64> {
        guard case .open = lifecycle else { throw unavailableError }
        let time = max(configuration.clock(), lastTime)
        // What a failed append rolls back to. No copy of the state: that would copy the index's
        // entries on every append once `note` mutates them.
        let start = RollbackPoint(size: active.size, mark: active.index.mark, nextOffset: nextOffset)
        var sealed: ActiveSegment?
        var created: [UInt64] = []
        do {
            for position in batches.indices {
                let size = batches[position].bytes.count
                if active.size > Int64(SegmentHeader.size) && active.size + Int64(size) > configuration.segmentSize {
                    let previous = try roll(files: files, time: time)
                    if sealed == nil { sealed = previous }
                    created.append(active.baseOffset)
                }
                let bytes = batches[position].finish(firstOffset: nextOffset, time: time)
                try active.file.write(bytes, at: active.size)
                let header = bytes.withUnsafeBytes { BatchHeader.parseFixedPart($0) }
                guard case .success(let parsed) = header else { preconditionFailure("a batch we built must parse") }
                active.index.note(parsed, at: active.size)
                active.size += Int64(bytes.count)
                nextOffset += UInt64(batches[position].recordCount)
            }
        } catch let error as LogError {
            rollBack(to: start, sealed: sealed, removing: created, files: files)
            throw error
        }
        lastTime = time
        return start.nextOffset..<nextOffset
    }

    /// Where an append started: the active segment's size and index, and the next offset.
    private struct RollbackPoint {
        var size: Int64
        var mark: SegmentIndex.Mark
        var nextOffset: UInt64
    }

    /// Puts the log back as it was before a failed append: segments it created removed, the
    /// segment it started in (`sealed`, if it rolled away from it) active again and cut back.
    private mutating func rollBack(
        to start: RollbackPoint,
        sealed: ActiveSegment?,
        removing created: [UInt64],
        files: SegmentFiles
    ) {
        do {
            for base in created {
                try files.fileSystem.removeFile(files.segmentPath(base))
                try files.fileSystem.removeFile(files.indexPath(base))
            }
            if let sealed {
                active = sealed
                try files.fileSystem.removeFile(files.indexPath(sealed.baseOffset))
            }
            try active.file.truncate(to: start.size)
            active.size = start.size
            active.index.rollBack(to: start.mark)
            nextOffset = start.nextOffset
        } catch let error as LogError {
            lifecycle = .failed(error)
        } catch {
            lifecycle = .failed(LogError(code: .io, message: "rollback failed: \(error)"))
        }
    }

    /// Seals the active segment (fsync, index file), starts the next one, and returns the sealed one.
    private mutating func roll(files: SegmentFiles, time: Int64) throws -> ActiveSegment {
        try active.file.sync()
        try files.writeIndex(active.index)
        let file = try files.createSegment(base: nextOffset, time: time)
        let previous = active
        active = ActiveSegment(file: file, size: Int64(SegmentHeader.size), index: SegmentIndex(baseOffset: nextOffset))
        return previous
    }

    mutating func close(files: SegmentFiles) throws {
        guard case .open = lifecycle else { return }
        try files.writeIndex(active.index)
        lifecycle = .closed
    }
}
