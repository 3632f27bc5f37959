import Dispatch
import EventLog
public import SyncModel
import Synchronization

/// Where the dispatcher's outcomes and checkpoints become durable: the local sync log, or (in
/// cluster mode) a replicated stream that refuses a node which lost the partition.
public protocol OutcomeSink: Sendable {
    /// Records `outcomes` (one account's, in order) and returns their offsets in the local sync
    /// log once they are durable. All of them, or none when it throws.
    func record(_ outcomes: [Outcome]) async throws -> Range<UInt64>
    /// Lets go of what the sink holds; later records throw.
    func close() throws
}

/// The sync log's one writer, shared by every lane: each lane hands over a batch's outcomes and
/// its new checkpoint together, and gets their offsets back once they are durable.
///
/// Appends that arrive while one is being written go out together in the next write, under one
/// fsync (group commit across lanes), and the blocking write runs on a queue of its own, never on
/// the cooperative thread pool. A lane's outcomes stay together and in order: all of them are
/// durable, or (when the write fails) none.
final class OutcomeRecorder: OutcomeSink {
    private struct Submission {
        var records: [[UInt8]]
        var done: CheckedContinuation<Range<UInt64>, any Error>
    }

    private struct State {
        var waiting: [Submission] = []
        var writing = false
    }

    private let log: LogWriter
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "avosync.sync-log-writer")

    init(log: LogWriter) {
        self.log = log
    }

    /// Appends `outcomes` in order; returns their offsets once durable.
    func record(_ outcomes: [Outcome]) async throws -> Range<UInt64> {
        guard !outcomes.isEmpty else { return log.nextOffset..<log.nextOffset }
        let records = outcomes.map(StoredEncoding.encode)
        return try await withCheckedThrowingContinuation { done in
            let startWriter = state.withLock { state in
                state.waiting.append(Submission(records: records, done: done))
                defer { state.writing = true }
                return !state.writing
            }
            if startWriter { queue.async { self.drain() } }
        }
    }

    /// Writes what is waiting, as one append, until nothing is.
    private func drain() {
        while true {
            let batch = state.withLock { state in
                let taken = state.waiting
                state.waiting = []
                if taken.isEmpty { state.writing = false }
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let written = try log.append(contentsOf: batch.flatMap(\.records))
                var next = written.lowerBound
                for submission in batch {
                    let end = next + UInt64(submission.records.count)
                    submission.done.resume(returning: next..<end)
                    next = end
                }
            } catch {
                for submission in batch { submission.done.resume(throwing: error) }
            }
        }
    }

    /// Syncs and closes the sync log; later appends throw.
    func close() throws {
        try log.close()
    }
}
