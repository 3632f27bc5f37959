public import EventLog
import Foundation
public import SyncModel
import Synchronization

/// The events log's writer for ingest: appends validated events durably, each event whose
/// `(account, id)` the log already holds within the dedup window counted as a duplicate instead,
/// and refuses work (`IngestRefusal.busy`) rather than queue it without bound.
///
/// Thread-safe, and blocking: `append` returns once the events are durable. Concurrent appends
/// share the log's group commit. Two appends of the same event at once cannot both land: the
/// second waits for the first and then finds it a duplicate.
///
/// With `Options.releaseWhenIdle`, the writer's lock is let go after that long without an append,
/// so that `avosync append`, `connect` and `fields --import` can write beside a running service;
/// what they appended is indexed when the lock is taken back.
public final class IngestLog: Sendable {
    /// How ingest behaves.
    public struct Options: Sendable {
        /// How long an identity is remembered (the contract's floor is 7 days).
        public var dedupWindow: Duration = .seconds(7 * 24 * 3600)
        /// Events accepted but not yet durable, at most; past it, `append` is refused as busy.
        public var maxPendingEvents = 200_000
        /// Each append's events in one batch, so that a crash leaves all of them or none.
        public var appendInOneBatch = false
        /// Let the writer's lock go after this long without an append; nil: hold it until `close`.
        public var releaseWhenIdle: Duration?
        /// How long to wait for another writer to let go of the lock.
        public var lockPatience: Duration = .seconds(10)
        /// A pause before every write, so that tests can make the writer slow on purpose.
        public var appendDelay: Duration?
        /// The log's configuration.
        public var log = LogConfiguration()

        public init() {}
    }

    /// The events log directory.
    public let directory: String
    /// How it behaves.
    public let options: Options

    private let state: Mutex<State>

    private struct State {
        var writer: LogWriter?
        var index: IngestIndex
        /// Identities of events being appended now.
        var reserved: Set<EventKey> = []
        /// Events reserved and not yet durable.
        var pending = 0
        /// Appends using the writer now.
        var writing = 0
        var lastUse = ContinuousClock.now
        var closed = false
        var failure: String?
    }

    /// Opens the log for writing (waiting for another writer up to `options.lockPatience`) and
    /// indexes it. `countries` gives the accounts' default countries as the projection has them;
    /// it is called once the lock is held, so that no settings change can slip in between.
    public init(
        directory: String,
        countries: () throws -> [String: CountryCode] = { [:] },
        options: Options = Options()
    ) throws {
        self.directory = directory
        self.options = options
        let writer = try LogWriter.waitingForLock(
            directory: directory,
            patience: options.lockPatience,
            configuration: options.log
        )
        do {
            let index = try IngestIndex(
                directory: directory,
                window: options.dedupWindow,
                now: options.log.clock(),
                countries: try countries(),
                through: writer.nextOffset
            )
            state = Mutex(State(writer: writer, index: index))
        } catch {
            try? writer.close()
            throw error
        }
    }

    /// The accounts' default countries for phones, as the log stands, for those that set one
    /// (the others use the contract's default, US). A copy: validate a request against it
    /// without taking the lock per line.
    public var countries: [String: CountryCode] { state.withLock { $0.index.countries } }

    /// Why the log can no longer be written, once a write or fsync failed (restart to recover).
    public var failure: String? { state.withLock { $0.failure } }

    /// Events accepted and not yet durable.
    public var pendingEvents: Int { state.withLock { $0.pending } }

    /// Identities in the dedup window now.
    public var indexedEvents: Int { state.withLock { $0.index.dedup.count } }

    /// The offset the next appended event would get, as far as this writer knows.
    public var nextOffset: UInt64 { state.withLock { $0.writer?.nextOffset ?? $0.index.end } }

    /// Appends the events that the log does not already hold, in order, and returns once they
    /// are durable. All or nothing: when it throws, none of them was appended. `appendedBy`
    /// names who appended them in the audit trail (kept once per batch).
    public func append(_ events: [Event], appendedBy: String) throws -> IngestReceipt {
        let keys = events.concurrentMap { EventKey(account: $0.account, id: $0.id) }
        let (writer, fresh) = try reserve(keys)
        // Usually nothing is a duplicate: then the events are not copied.
        let freshEvents = fresh.count == events.count ? events : fresh.map { events[$0] }
        let freshKeys = fresh.count == keys.count ? keys : fresh.map { keys[$0] }
        let records = freshEvents.concurrentMap(StoredEncoding.encode)
        let range: Range<UInt64>
        do {
            if let delay = options.appendDelay { Thread.sleep(forTimeInterval: delay.seconds) }
            range =
                records.isEmpty
                ? writer.nextOffset..<writer.nextOffset
                : try writer.append(
                    contentsOf: records,
                    inOneBatch: options.appendInOneBatch,
                    appendedBy: appendedBy
                )
        } catch {
            finish(freshKeys, appended: nil, failure: error)
            throw error
        }
        finish(freshKeys, appended: (IngestIndex.countryChanges(in: freshEvents), range.upperBound))
        return IngestReceipt(appended: range, duplicates: events.count - fresh.count)
    }

    /// Lets the writer's lock go when nothing was appended for `options.releaseWhenIdle`.
    public func releaseIfIdle() {
        guard let idle = options.releaseWhenIdle else { return }
        state.withLock { state in
            guard let writer = state.writer, state.writing == 0, ContinuousClock.now - state.lastUse >= idle else {
                return
            }
            state.index.catchUp(end: writer.nextOffset)
            state.writer = nil
            try? writer.close()
        }
    }

    /// Closes the writer; later appends throw.
    public func close() throws {
        let writer = state.withLock { state -> LogWriter? in
            state.closed = true
            defer { state.writer = nil }
            return state.writer
        }
        try writer?.close()
    }

    /// Sorts the events into those to append (reserved, so that a concurrent append of the same
    /// event waits) and duplicates, and hands out the writer.
    private func reserve(_ keys: [EventKey]) throws -> (LogWriter, [Int]) {
        let deadline = ContinuousClock.now + options.lockPatience
        while true {
            let reserved = try state.withLock { state -> (LogWriter, [Int])? in
                guard !state.closed else { throw IngestRefusal.closed }
                // The same event being appended by another request: its outcome decides.
                if keys.contains(where: state.reserved.contains) { return nil }
                // The writer first: taking it back indexes what others appended meanwhile.
                let writer = try openWriter(&state)
                state.index.expire(now: options.log.clock())
                let fresh = keys.indices.filter { !state.index.dedup.contains(keys[$0]) }
                if state.pending > 0 && state.pending + fresh.count > options.maxPendingEvents {
                    throw IngestRefusal.busy(
                        "\(state.pending) events are waiting to be written; the most is \(options.maxPendingEvents)"
                    )
                }
                state.reserved.reserveCapacity(state.reserved.count + fresh.count)
                for position in fresh { state.reserved.insert(keys[position]) }
                state.pending += fresh.count
                state.writing += 1
                return (writer, fresh)
            }
            if let reserved { return reserved }
            guard ContinuousClock.now < deadline else {
                throw IngestRefusal.busy("the same events are being appended by another request")
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    /// The writer, taken back (and the log indexed through what others appended) if it was let go.
    private func openWriter(_ state: inout State) throws -> LogWriter {
        if let writer = state.writer { return writer }
        let writer: LogWriter
        do {
            writer = try LogWriter.waitingForLock(
                directory: directory,
                patience: options.lockPatience,
                configuration: options.log
            )
        } catch let error as LogError where error.code == .locked {
            throw IngestRefusal.busy("another process is writing to the events log (\(error.message))")
        }
        do {
            try state.index.catchUp(directory: directory, through: writer.nextOffset)
        } catch {
            try? writer.close()
            throw error
        }
        state.writer = writer
        return writer
    }

    private func finish(
        _ keys: [EventKey],
        appended: (countries: [(String, CountryCode)], end: UInt64)?,
        failure: (any Error)? = nil
    ) {
        let now = options.log.clock()
        state.withLock { state in
            // A writer that failed to write or fsync refuses every later append until the log is
            // reopened and recovered: the service says so on /readyz.
            if let failure = failure as? LogError, failure.code != .invalidArgument {
                state.failure = failure.description
            }
            for key in keys { state.reserved.remove(key) }
            state.pending -= keys.count
            state.writing -= 1
            state.lastUse = .now
            if let appended { state.index.note(keys, countries: appended.countries, at: now, end: appended.end) }
        }
    }
}

/// Why ingest refused to take events now; nothing of them was appended.
public enum IngestRefusal: Error, Sendable, CustomStringConvertible {
    /// The writer cannot keep up or cannot be had; try again shortly.
    case busy(String)
    /// The log was closed (the service is stopping).
    case closed

    public var description: String {
        switch self {
        case .busy(let reason): "busy: \(reason)"
        case .closed: "the events log is closed"
        }
    }
}

extension Duration {
    /// The duration in seconds, as a double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
