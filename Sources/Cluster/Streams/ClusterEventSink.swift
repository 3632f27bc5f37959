import Crypto
import Foundation
public import Ingest
import JetStream
public import SyncModel
import Synchronization

/// Ingest in cluster mode: each event published to the events stream under its partition and
/// account, with a message id made from `(account, id)`, so that JetStream drops a duplicate
/// within its window. Returns once JetStream has stored every event (on a majority of its
/// replicas); publishes that fail while a new stream leader is elected are retried with the same
/// ids for a while, then the request is refused (503) and the client retries.
///
/// Offsets are stream sequences minus one: every node's local events log holds the stream in
/// order from the start, so an event has that offset on every node.
public final class ClusterEventSink: EventSink {
    /// The message header naming who appended an event: it travels with each event, and every
    /// node's local log keeps it once per batch.
    static let appendedByHeader = "Avosync-Appended-By"

    private let connection: NATSConnection
    private let partitioning: Partitioning
    private let patience: Duration
    private let known = Mutex<Known>(Known())

    private struct Known {
        var countries: [String: CountryCode] = [:]
        var failure: String?
    }

    init(connection: NATSConnection, partitioning: Partitioning, patience: Duration = .seconds(20)) {
        self.connection = connection
        self.partitioning = partitioning
        self.patience = patience
    }

    public var countries: [String: CountryCode] { known.withLock { $0.countries } }
    public var failure: String? { known.withLock { $0.failure } }

    /// Learns default countries from events copied into the local log.
    func noteCountries(_ changes: [(String, CountryCode)]) {
        guard !changes.isEmpty else { return }
        known.withLock { known in for (account, country) in changes { known.countries[account] = country } }
    }

    func noteFailure(_ failure: String?) { known.withLock { $0.failure = failure } }

    public func startCountries(_ countries: [String: CountryCode]) { known.withLock { $0.countries = countries } }

    public func append(_ events: [Event], appendedBy: String) throws -> IngestReceipt {
        let messages = events.map { message($0, appendedBy: appendedBy) }
        var results = connection.publishAll(messages)
        let deadline = ContinuousClock.now + patience
        for index in results.indices {
            while case .failure(let error) = results[index] {
                guard error.isTransient, ContinuousClock.now < deadline else {
                    throw IngestRefusal.busy(
                        "JetStream did not store every event (\(error)); those it stored are kept, and a retry of the request adds only the rest"
                    )
                }
                Thread.sleep(forTimeInterval: 0.25)
                results[index] = Result { () throws(JetStreamError) in try connection.publish(messages[index]) }
            }
        }
        var low = UInt64.max
        var high: UInt64 = 0
        var appended = 0
        var duplicates = 0
        for case .success(let ack) in results {
            if ack.duplicate {
                duplicates += 1
            } else {
                appended += 1
                low = min(low, ack.sequence - 1)
                high = max(high, ack.sequence)
            }
        }
        let range = appended == 0 ? 0..<0 : low..<high
        return IngestReceipt(appended: range, duplicates: duplicates, appendedCount: appended)
    }

    private func message(_ event: Event, appendedBy: String) -> OutgoingMessage {
        OutgoingMessage(
            subject: ClusterNames.eventSubject(
                partition: partitioning.partition(of: event.account),
                account: event.account
            ),
            data: StoredEncoding.encode(event),
            messageID: Self.messageID(account: event.account, id: event.id),
            headers: [Self.appendedByHeader: appendedBy]
        )
    }

    /// 32 hex digits of SHA-256 over the account and the event id.
    static func messageID(account: String, id: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(account.utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: Data(id.utf8))
        return hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
