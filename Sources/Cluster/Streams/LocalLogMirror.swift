import DequeModule
import EventLog
import Foundation
import JetStream
import Logging
import Synchronization

/// Copies a JetStream stream into a local LZ4 log, in stream order, each message exactly once:
/// a durable pull consumer delivers (at least once, possibly out of order after a server failure),
/// messages already copied are passed over by sequence, and a gap is filled by reading the missing
/// messages directly. Acknowledged only once the local append is durable.
///
/// The mirror is its local log's only writer. Each message becomes zero or more records
/// (`records`); callers wait for a message they published to be copied (`copied(through:)`).
final class LocalLogMirror: Sendable {
    let stream: String
    private let connection: NATSConnection
    private let writer: LogWriter
    private let consumer: PullConsumer
    private let positionPath: String
    private let headers: [String]
    private let records: @Sendable (StreamMessage) throws -> [[UInt8]]
    private let appendedBy: @Sendable (StreamMessage) -> String?
    private let beforeAppend: @Sendable ([StreamMessage]) throws -> Void
    private let logger: Logger
    private let state: Mutex<State>

    fileprivate struct State {
        var position: MirrorPosition
        /// Local offsets of the most recently copied messages, in sequence order.
        var recent: Deque<(sequence: UInt64, offsets: Range<UInt64>)> = []
        var waiting: [(sequence: UInt64, continuation: CheckedContinuation<Range<UInt64>, any Error>)] = []
        var failure: (any Error)?
    }

    /// How many recent messages' offsets are remembered for waiters.
    private static let remembered = 65_536

    /// Opens the local log, finds where the copy stands (counting forward over what a crash left
    /// appended but unrecorded), and creates the node's durable consumer from the next sequence.
    init(
        connection: NATSConnection,
        stream: String,
        consumerName: String,
        logDirectory: String,
        positionPath: String,
        headers: [String] = [],
        logger: Logger,
        records: @escaping @Sendable (StreamMessage) throws -> [[UInt8]],
        appendedBy: @escaping @Sendable (StreamMessage) -> String? = { _ in nil },
        beforeAppend: @escaping @Sendable ([StreamMessage]) throws -> Void = { _ in }
    ) throws {
        self.connection = connection
        self.stream = stream
        self.positionPath = positionPath
        self.headers = headers
        self.records = records
        self.appendedBy = appendedBy
        self.beforeAppend = beforeAppend
        self.logger = logger
        writer = try LogWriter(directory: logDirectory)
        var position = try MirrorPosition.read(positionPath)
        while writer.nextOffset > position.nextOffset {
            let next = position.sequence + 1
            let count =
                try connection.message(in: stream, at: next, headers: headers).map { try records($0).count } ?? 0
            position = MirrorPosition(sequence: next, nextOffset: position.nextOffset + UInt64(count))
        }
        guard position.nextOffset == writer.nextOffset else {
            throw ClusterError(
                "the local log \(logDirectory) ends at \(writer.nextOffset), which is no message boundary of the stream \(stream) (\(position.nextOffset) after message \(position.sequence)); delete the node's data directory to copy the cluster again"
            )
        }
        try position.write(positionPath)
        let configuration = ConsumerConfiguration(
            stream: stream,
            durableName: consumerName,
            startSequence: position.sequence + 1,
            maxAckPending: 20_000
        )
        // Made afresh from where the local copy stands: a consumer left from before (a data
        // directory restored or wiped) would start elsewhere.
        try connection.deleteConsumer(consumerName, of: stream)
        try connection.createConsumer(configuration)
        consumer = try connection.pullConsumer(configuration)
        state = Mutex(State(position: position))
    }

    /// The last sequence copied.
    var copiedThrough: UInt64 { state.withLock { $0.position.sequence } }
    /// The local log's next offset.
    var nextOffset: UInt64 { state.withLock { $0.position.nextOffset } }
    var failure: String? { state.withLock { $0.failure.map { "\($0)" } } }

    /// Copies until cancelled. A failure to write the local log ends the copy (and is thrown to
    /// every waiter); failures to reach JetStream are retried.
    func run() async throws {
        while !Task.isCancelled {
            do {
                let batch = try await BlockingCalls.run { [consumer, headers] in
                    try consumer.fetch(batch: 1000, timeout: .milliseconds(250), headers: headers)
                }
                guard !batch.messages.isEmpty else { continue }
                try await BlockingCalls.run { try self.copy(batch) }
            } catch let error as JetStreamError {
                logger.warning(
                    "reading the stream failed; trying again",
                    metadata: ["stream": "\(stream)", "error": "\(error)"]
                )
                try? await Task.sleep(for: .milliseconds(250))
            } catch {
                fail(error)
                throw error
            }
        }
    }

    /// Waits until the message at `sequence` is in the local log; returns its records' offsets.
    func copied(through sequence: UInt64) async throws -> Range<UInt64> {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Range<UInt64>, any Error>? = state.withLock { state in
                if let failure = state.failure { return .failure(failure) }
                if sequence <= state.position.sequence { return .success(state.offsets(of: sequence)) }
                state.waiting.append((sequence, continuation))
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Appends the batch's new messages (and any missing before them) durably, one local batch
    /// per run of messages appended by the same writer, records the position, then acknowledges.
    private func copy(_ batch: FetchedBatch) throws {
        var next = state.withLock { $0.position.sequence } + 1
        var messages: [StreamMessage] = []
        for message in batch.messages where message.sequence >= next {
            // Delivered out of order (a redelivery after a server failure): read the gap directly.
            while next < message.sequence {
                if let missing = try connection.message(in: stream, at: next, headers: headers) {
                    messages.append(missing)
                }
                next += 1
            }
            messages.append(message)
            next = message.sequence + 1
        }
        guard let last = messages.last else {
            batch.acknowledge()
            return
        }
        try beforeAppend(messages)
        var runs: [(records: [[UInt8]], appendedBy: String?)] = []
        var counts: [(UInt64, Int)] = []
        for message in messages {
            let these = try records(message)
            counts.append((message.sequence, these.count))
            let name = appendedBy(message)
            if let last = runs.indices.last, runs[last].appendedBy == name {
                runs[last].records.append(contentsOf: these)
            } else {
                runs.append((these, name))
            }
        }
        let written = try writer.append(runs: runs)
        let position = MirrorPosition(sequence: last.sequence, nextOffset: written.upperBound)
        try position.write(positionPath)
        batch.acknowledge()
        let resumed = state.withLock { state in
            var offset = written.lowerBound
            for (sequence, count) in counts {
                state.recent.append((sequence, offset..<offset + UInt64(count)))
                offset += UInt64(count)
            }
            if state.recent.count > Self.remembered { state.recent.removeFirst(state.recent.count - Self.remembered) }
            state.position = position
            let waiting = state.waiting
            state.waiting = waiting.filter { $0.sequence > position.sequence }
            return waiting.filter { $0.sequence <= position.sequence }.map {
                ($0.continuation, state.offsets(of: $0.sequence))
            }
        }
        for (continuation, range) in resumed { continuation.resume(returning: range) }
    }

    private func fail(_ error: any Error) {
        let waiting = state.withLock { state in
            state.failure = error
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in waiting { waiter.continuation.resume(throwing: error) }
    }

    /// Closes the local log.
    func close() {
        fail(ClusterError("the node is stopping"))
        try? writer.close()
    }
}

extension LocalLogMirror.State {
    /// The local offsets of a copied message (empty, at the log's end, when it is no longer
    /// remembered or held no records).
    func offsets(of sequence: UInt64) -> Range<UInt64> {
        // Sequences increase along `recent`, one by one unless a message was gone from the
        // stream when copied: try the place by distance first.
        if let first = recent.first, sequence >= first.sequence {
            let index = Int(sequence - first.sequence)
            if index < recent.count, recent[index].sequence == sequence { return recent[index].offsets }
            if let found = recent.first(where: { $0.sequence == sequence }) { return found.offsets }
        }
        return position.nextOffset..<position.nextOffset
    }
}
