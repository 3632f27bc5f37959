import JetStream
import Testing

@testable import Cluster

/// CONTRACT section 5: each account belongs to one partition, by a documented, stable hash.
@Suite("Cluster: partitions of accounts")
struct PartitioningTests {
    @Test("an account's partition is FNV-1a 64 of its name modulo the partition count, the same everywhere")
    func partitionIsTheDocumentedHash() {
        // FNV-1a 64 by its definition (offset basis, then xor and multiply by the prime per byte).
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in Array("acme".utf8) { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        #expect(Partitioning(count: 64).partition(of: "acme") == Int(hash % 64))
        #expect(Partitioning(count: 64).partition(of: "") == Int(UInt64(14_695_981_039_346_656_037) % 64))
        #expect(Partitioning(count: 1).partition(of: "anything") == 0)
    }

    @Test("a thousand accounts spread over every one of 64 partitions")
    func accountsSpreadOverPartitions() {
        let partitioning = Partitioning(count: 64)
        var counts = [Int](repeating: 0, count: 64)
        for index in 0..<1000 { counts[partitioning.partition(of: "account-\(index)")] += 1 }
        #expect(counts.allSatisfy { $0 > 0 })
        #expect(counts.max()! < 40)
    }

    @Test("outcome records framed into messages come back whole, and a torn message is refused by sequence")
    func outcomeFramesRoundTrip() throws {
        let records: [[UInt8]] = [[], [1], Array(repeating: 7, count: 300), [0, 255, 3]]
        let chunks = OutcomeFrames.chunks(records, limit: 200)
        #expect(chunks.count > 1)
        let back = try chunks.flatMap { try OutcomeFrames.decode(OutcomeFrames.encode($0), sequence: 1) }
        #expect(back == records)
        let torn = Array(OutcomeFrames.encode(records[...]).dropLast())
        #expect(throws: ClusterError.self) { try OutcomeFrames.decode(torn, sequence: 42) }
    }

    @Test("account names survive the hex of their bucket keys")
    func credentialKeysRoundTrip() {
        for account in ["acme", "Zoë's shop", "a.b c/d", ""] {
            #expect(ClusterNames.account(ofCredentialsKey: ClusterNames.credentialsKey(account)) == account)
        }
    }
}

/// DESIGN section 13: nats-server 2.9.10 silently drops consumer fields it does not know, so the
/// configuration the server returns is checked.
@Suite("Cluster: consumers as the server kept them")
struct ConsumerSettingsTests {
    static let asked = ConsumerConfiguration(stream: "S", durableName: "d", startSequence: 5, filterSubject: "a.>")
    static let kept = KeptConsumerSettings(
        deliversFromStartSequence: true,
        startSequence: 5,
        acknowledgesExplicitly: true,
        ackWait: .seconds(30),
        maxAckPending: 20_000,
        filterSubject: "a.>"
    )

    @Test("a consumer kept as asked is accepted")
    func keptAsAskedIsAccepted() throws {
        try Self.asked.check(Self.kept)
    }

    @Test("a server that dropped a setting is refused, naming the setting")
    func droppedSettingIsNamed() {
        var dropped = Self.kept
        dropped.filterSubject = nil
        dropped.maxAckPending = -1
        do {
            try Self.asked.check(dropped)
            Issue.record("a consumer without its filter was accepted")
        } catch {
            #expect(error.status.contains("filter_subject"))
            #expect(error.status.contains("max_ack_pending"))
            #expect(!error.status.contains("ack_wait"))
        }
    }
}
