import Synchronization

/// The one writer of a log directory: appends records in checksummed LZ4 batches and returns their
/// offsets once durable under the configured policy.
///
/// Thread-safe. Appends from many threads are written one after another and share fsyncs.
/// Opening recovers from a crash (see `recovery`); a second writer, in this process or another,
/// is refused with `.locked`. After an fsync failure the writer refuses further appends
/// (`.unavailable`): what reached the disk is unknown until the log is reopened and recovered.
public final class LogWriter: Sendable {
    /// The log directory.
    public let directory: String
    /// The configuration it was opened with.
    public let configuration: LogConfiguration
    /// What opening had to repair.
    public let recovery: RecoveryReport

    private let files: SegmentFiles
    private let lock: WriterLock
    private let state: Mutex<WriterState>
    private let commit: GroupCommit

    /// Opens (creating when missing) the log in `directory` for appending.
    public convenience init(directory: String, configuration: LogConfiguration = LogConfiguration()) throws {
        try self.init(directory: directory, configuration: configuration, fileSystem: POSIXFileSystem())
    }

    /// Opens the log through a given file system (tests inject faults through it).
    package init(directory: String, configuration: LogConfiguration, fileSystem: any LogFileSystem) throws {
        let files = SegmentFiles(directory: directory, fileSystem: fileSystem)
        try Self.prepareDirectory(files)
        let lock = try WriterLock(directory: directory)
        var recovery = Recovery(files: files)
        try recovery.removeTemporaryFiles()

        var bases = try files.segmentBases()
        if bases.isEmpty {
            _ = try files.createSegment(base: 0, time: configuration.clock())
            bases = [0]
        }
        var lastTime = Int64.min
        for (base, nextBase) in zip(bases, bases.dropFirst()) {
            lastTime = max(lastTime, try recovery.checkSealed(base: base, nextBase: nextBase))
        }
        let tail = try recovery.recoverLastSegment(base: bases.last!)
        lastTime = max(lastTime, tail.lastTime)

        self.directory = directory
        self.configuration = configuration
        self.files = files
        self.lock = lock
        self.recovery = recovery.report
        let segment = ActiveSegment(file: tail.file, size: tail.size, index: tail.index)
        state = Mutex(WriterState(active: segment, nextOffset: tail.index.nextOffset, lastTime: lastTime))
        commit = GroupCommit(durableEnd: tail.index.nextOffset)
    }

    /// The offset the next appended record will get.
    public var nextOffset: UInt64 { state.withLock { $0.nextOffset } }

    /// Appends one record; returns its offset once durable.
    @discardableResult
    public func append(_ record: [UInt8]) throws -> UInt64 {
        try append(contentsOf: [record]).lowerBound
    }

    /// Appends records in order; returns their offsets once all of them are durable.
    ///
    /// All or nothing: when it throws, none of the records is in the log (a write that fails
    /// half-way, on a full disk say, is cut back off). With `inOneBatch`, the records are written
    /// as a single checksummed batch, so that even a crash of the process (or the machine)
    /// part-way leaves all of them or none: recovery cuts a torn last batch whole. Otherwise a
    /// large append is cut into batches that compress on every core, and a crash may keep the
    /// first of them. `appendedBy` (1 to 255 UTF-8 bytes) is kept once in each batch's header:
    /// who appended the records, for the audit trail, at no cost per record.
    @discardableResult
    public func append(
        contentsOf records: [[UInt8]],
        inOneBatch: Bool = false,
        appendedBy: String? = nil
    ) throws -> Range<UInt64> {
        try checkSizes(records)
        guard !records.isEmpty else {
            let next = nextOffset
            return next..<next
        }
        // Compression runs outside the lock, so concurrent appenders compress in parallel, and
        // a large append is cut so that its batches compress on every core at once.
        let batches =
            inOneBatch
            ? [try PreparedBatch(records: records[...], appendedBy: appendedBy)]
            : try BatchCompressor.prepare(
                records,
                maxBatchBytes: configuration.maxBatchBytes,
                appendedBy: appendedBy
            )
        return try write(batches)
    }

    /// Appends runs of records, each run one batch naming who appended it, in order, with one
    /// wait for durability; returns the offsets of all of them. A copy of records from several
    /// writers (a cluster node's local log) keeps each one's name this way. When it throws,
    /// none is in the log; a crash part-way may keep the first runs whole.
    @discardableResult
    public func append(runs: [(records: [[UInt8]], appendedBy: String?)]) throws -> Range<UInt64> {
        let runs = runs.filter { !$0.records.isEmpty }
        try checkSizes(runs.flatMap(\.records))
        guard !runs.isEmpty else {
            let next = nextOffset
            return next..<next
        }
        return try write(runs.map { try PreparedBatch(records: $0.records[...], appendedBy: $0.appendedBy) })
    }

    private func checkSizes(_ records: [[UInt8]]) throws {
        for (position, record) in records.enumerated() where record.count > configuration.maxRecordSize {
            throw LogError(
                code: .invalidArgument,
                message:
                    "record \(position) of the append is \(record.count) bytes, over the limit of \(configuration.maxRecordSize)"
            )
        }
    }

    /// Writes prepared batches under the lock, then waits until they are durable.
    private func write(_ prepared: [PreparedBatch]) throws -> Range<UInt64> {
        var batches = prepared
        let configuration = configuration
        let files = files
        let written = try state.withLock { state in
            try state.write(&batches, configuration: configuration, files: files)
        }
        if configuration.durability == .fsync {
            try commit.waitUntilDurable(through: written.upperBound) { try syncActiveSegment() }
        }
        return written
    }

    /// Makes every append so far durable, whatever the policy.
    public func sync() throws {
        let end = nextOffset
        try commit.waitUntilDurable(through: end) { try syncActiveSegment() }
    }

    /// Syncs, writes the active segment's index and releases the log (another writer may open
    /// it at once). Later appends throw.
    public func close() throws {
        try sync()
        let files = files
        try state.withLock { state in try state.close(files: files) }
        lock.release()
    }

    private func syncActiveSegment() throws -> UInt64 {
        let (file, end) = try state.withLock { state in
            guard case .open = state.lifecycle else { throw state.unavailableError }
            return (state.active.file, state.nextOffset)
        }
        do {
            try file.sync()
        } catch let error as LogError {
            state.withLock { $0.lifecycle = .failed(error) }
            throw error
        }
        return end
    }

    private static func prepareDirectory(_ files: SegmentFiles) throws {
        guard let names = try files.fileSystem.contentsOfDirectory(files.directory) else {
            try files.fileSystem.createDirectory(files.directory)
            return
        }
        let known = { (name: String) in
            SegmentFileName.baseOffset(ofSegment: name) != nil || name.hasSuffix(SegmentFileName.indexExtension)
                || name.hasSuffix(SegmentFileName.temporarySuffix) || name == WriterLock.fileName
                || name == "quarantine"
        }
        if !names.contains(where: { SegmentFileName.baseOffset(ofSegment: $0) != nil }),
            let stranger = names.first(where: { !known($0) })
        {
            throw LogError(
                code: .notALog,
                message: "not an avosync log: the directory holds other files (\(stranger)) and no segments; "
                    + "choose an empty or new directory",
                path: files.directory
            )
        }
    }
}
