import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import JetStream
import Logging
import SyncModel
import Testing

@testable import Cluster

/// DESIGN section 13: outcomes go to a replicated stream with the partition's expected last
/// sequence, so that a new owner starts from everything recorded and the old one records no more.
@Suite("Cluster: fenced outcomes", .serialized)
struct FencedOutcomesTests {
    @Test(
        "once another node claims a partition, the old owner can record nothing more for it, and the new one holds all it recorded"
    )
    func oldOwnerIsFencedAfterAClaim() async throws {
        try await withTemporaryDirectory { directory in
            let servers = try await NATSServers(count: 1, directory: directory)
            defer { servers.stopAll() }
            let resources = try ClusterResources(
                servers: [servers.servers[0].url],
                clientName: "test",
                partitions: 4,
                lease: .seconds(2)
            )
            let partitioning = resources.settings.partitioning
            let account = "shop-1"
            let partition = partitioning.partition(of: account)
            let (a, mirrorA) = try Self.writer("a", resources, directory)
            let (b, mirrorB) = try Self.writer("b", resources, directory)
            let copying = [Task { try await mirrorA.run() }, Task { try await mirrorB.run() }]
            defer { copying.forEach { $0.cancel() } }

            try await a.claim(partition)
            let first = try await a.record([Self.checkpoint(account, 1)])
            #expect(first == 0..<1)
            try await b.claim(partition)
            #expect(mirrorB.nextOffset == 1, "the new owner's local log holds what the old one recorded")
            await #expect(throws: FencedError.self) { try await a.record([Self.checkpoint(account, 2)]) }
            // Even a claim-less retry by the old owner, after forgetting, is refused.
            await #expect(throws: FencedError.self) { try await a.record([Self.checkpoint(account, 3)]) }
            let second = try await b.record([Self.checkpoint(account, 4)])
            #expect(second == 1..<2)
            let last = try #require(
                try resources.connection.lastMessage(
                    in: ClusterNames.outcomesStream,
                    subject: ClusterNames.outcomesSubject(partition: partition),
                    headers: ["Nats-Msg-Id"]
                )
            )
            #expect(last.headers["Nats-Msg-Id"]?.hasPrefix(ClusterNames.hex("b") + "-") == true)
            #expect(
                try OutcomeFrames.decode(last.data, sequence: last.sequence) == [
                    StoredEncoding.encode(Self.checkpoint(account, 4))
                ]
            )
        }
    }

    static func writer(
        _ node: String,
        _ resources: ClusterResources,
        _ directory: String
    ) throws -> (
        FencedOutcomes, LocalLogMirror
    ) {
        try FileManager.default.createDirectory(atPath: directory + "/" + node, withIntermediateDirectories: true)
        let mirror = try LocalLogMirror(
            connection: resources.connection,
            stream: ClusterNames.outcomesStream,
            consumerName: "outcomes-\(node)",
            logDirectory: directory + "/" + node + "/sync",
            positionPath: directory + "/" + node + "/outcomes.position",
            headers: ["Avosync-Claim"],
            logger: Logger(label: "test"),
            records: { message in
                message.headers["Avosync-Claim"] != nil
                    ? [] : try OutcomeFrames.decode(message.data, sequence: message.sequence)
            }
        )
        let outcomes = FencedOutcomes(
            connection: resources.connection,
            mirror: mirror,
            partitioning: resources.settings.partitioning,
            node: node,
            logger: Logger(label: "test")
        )
        return (outcomes, mirror)
    }

    static func checkpoint(_ account: String, _ next: UInt64) -> Outcome {
        Outcome(
            account: account,
            at: EventTime(seconds: 1_800_000_000, nanoseconds: 0),
            kind: .checkpoint(nextOffset: next, dispatched: next)
        )
    }
}
