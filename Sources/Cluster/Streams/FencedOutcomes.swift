import Dispatcher
import Foundation
import JetStream
import Logging
import SyncModel
import Synchronization

/// Records a partition's outcomes on the replicated outcomes stream, each message published with
/// the sequence this node expects to be the partition's last: when another node has written
/// since (it took the partition over), JetStream refuses, and this node records nothing more
/// for the partition. The local sync log gets the outcomes through the outcomes mirror.
final class FencedOutcomes: Sendable {
    private let connection: NATSConnection
    private let mirror: LocalLogMirror
    private let partitioning: Partitioning
    private let node: String
    private let logger: Logger
    /// The last sequence of each claimed partition's subject, as this node wrote it.
    private let last = Mutex<[Int: UInt64]>([:])
    /// One publish at a time: a partition's messages chain on each other's sequences.
    private let publishing = Mutex(())

    /// Messages are cut below this size (the servers' default limit is 1 MiB).
    static let messageLimit = 900 * 1024

    init(connection: NATSConnection, mirror: LocalLogMirror, partitioning: Partitioning, node: String, logger: Logger) {
        self.connection = connection
        self.mirror = mirror
        self.partitioning = partitioning
        self.node = node
        self.logger = logger
    }

    /// Claims `partition` for this node: a marker published after the partition's last message,
    /// which fences whoever held it before; returns once the local sync log holds everything
    /// recorded for the partition up to the claim.
    func claim(_ partition: Int) async throws {
        let subject = ClusterNames.outcomesSubject(partition: partition)
        let sequence: UInt64 = try await BlockingCalls.run { [connection, node] in
            var attempts = 0
            while true {
                attempts += 1
                let previous =
                    try connection.lastMessage(in: ClusterNames.outcomesStream, subject: subject)?.sequence ?? 0
                let claim = OutgoingMessage(
                    subject: subject,
                    data: [],
                    expectedLastSubjectSequence: previous,
                    headers: ["Avosync-Claim": node]
                )
                let result = Result { () throws(JetStreamError) in try connection.publish(claim) }
                guard case .failure(let error) = result else { return try result.get().sequence }
                // Another writer got in between (the old owner's last record), or an election.
                guard error.isWrongLastSequence || error.isTransient, attempts < 40 else { throw error }
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        last.withLock { $0[partition] = sequence }
        _ = try await mirror.copied(through: sequence)
        logger.info("claimed a partition", metadata: ["partition": "\(partition)", "sequence": "\(sequence)"])
    }

    /// Forgets a partition this node no longer owns: it can record nothing more for it.
    func forget(_ partition: Int) { _ = last.withLock { $0.removeValue(forKey: partition) } }

    /// Publishes one account's outcomes (fenced), then waits for the local copy.
    func record(_ outcomes: [Outcome]) async throws -> Range<UInt64> {
        guard let account = outcomes.first?.account else {
            let next = mirror.nextOffset
            return next..<next
        }
        let partition = partitioning.partition(of: account)
        let chunks = OutcomeFrames.chunks(outcomes.map(StoredEncoding.encode), limit: Self.messageLimit)
        let sequences = try await BlockingCalls.run { try self.publish(chunks, partition: partition) }
        var range: Range<UInt64>?
        for sequence in sequences {
            let copied = try await mirror.copied(through: sequence)
            range = range.map { $0.lowerBound..<copied.upperBound } ?? copied
        }
        return range ?? mirror.nextOffset..<mirror.nextOffset
    }

    private func publish(_ chunks: [ArraySlice<[UInt8]>], partition: Int) throws -> [UInt64] {
        try publishing.withLock { _ in
            var sequences: [UInt64] = []
            for chunk in chunks {
                guard let expected = last.withLock({ $0[partition] }) else {
                    throw FencedError(partition: partition, node: node)
                }
                let message = OutgoingMessage(
                    subject: ClusterNames.outcomesSubject(partition: partition),
                    data: OutcomeFrames.encode(chunk),
                    // A retry after a lost answer is a duplicate, not a wrong sequence.
                    messageID: "\(ClusterNames.hex(node))-\(partition)-\(expected)",
                    expectedLastSubjectSequence: expected
                )
                let ack = try publishRetrying(message, partition: partition)
                last.withLock { $0[partition] = ack.sequence }
                sequences.append(ack.sequence)
            }
            return sequences
        }
    }

    private func publishRetrying(_ message: OutgoingMessage, partition: Int) throws -> PublishAck {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let result = Result { () throws(JetStreamError) in try connection.publish(message) }
            guard case .failure(let error) = result else { return try result.get() }
            if error.isWrongLastSequence {
                forget(partition)
                throw FencedError(partition: partition, node: node)
            }
            guard error.isTransient, ContinuousClock.now < deadline else { throw error }
            logger.notice("recording outcomes waits for JetStream", metadata: ["error": "\(error)"])
            Thread.sleep(forTimeInterval: 0.25)
        }
    }
}

/// This node no longer owns the partition: another node has recorded since.
struct FencedError: Error, CustomStringConvertible {
    var partition: Int
    var node: String
    var description: String {
        "node \(node) no longer owns partition \(partition): another node recorded outcomes for it, so this one records nothing more"
    }
}

/// One dispatch epoch's way into `FencedOutcomes`: closed when the epoch ends, after which its
/// lanes (still finishing) can record nothing.
final class EpochOutcomes: OutcomeSink {
    private let outcomes: FencedOutcomes
    private let closed = Atomic(false)

    init(_ outcomes: FencedOutcomes) { self.outcomes = outcomes }

    func record(_ outcomes: [Outcome]) async throws -> Range<UInt64> {
        guard !closed.load(ordering: .acquiring) else { throw ClusterError("this dispatch epoch has ended") }
        return try await self.outcomes.record(outcomes)
    }

    func close() throws { closed.store(true, ordering: .releasing) }
}
