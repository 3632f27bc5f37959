import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import JetStream
import SalesforceEmulator
import Testing

@testable import Cluster

/// CONTRACT section 5: a node that cannot renew its lease stops writing to Salesforce before the
/// lease runs out, and a node that lost a lease can no longer record outcomes for its partition.
@Suite("Cluster: fencing", .serialized)
struct FencingTests {
    static let accounts = (1...12).map { "shop-\($0)" }

    @Test(
        "a node paused past its lease writes nothing more to Salesforce and records nothing for the partitions it lost, then rejoins"
    )
    func pausedNodeIsFenced() async throws {
        try await withCluster { cluster in
            for name in ["n1", "n2", "n3"] { try await cluster.startNode(name) }
            for account in Self.accounts { try await cluster.connect(account) }
            #expect(
                try await cluster.eventually(within: .seconds(30)) { try await cluster.partitionCounts().count == 3 }
            )
            let victim = "n1"
            let paused = try #require(cluster.node(victim)).process
            let owners = try await cluster.status()["owners"]?.arrayValue ?? []
            let partitioning = Partitioning(count: cluster.partitions)
            let victims = Self.accounts.filter {
                owners[partitioning.partition(of: $0)]["owner"]?.stringValue == victim
            }
            try #require(!victims.isEmpty, "the victim owns none of the accounts' partitions")
            // Every call takes 1.5 s: the victim is paused while waiting for one, with more to send.
            try await cluster.org.setLatency(milliseconds: 1500)
            var expected: Set<String> = []
            for (index, account) in victims.enumerated() {
                let lines = ClusterEvents.contactWithCalls(account: account, contact: index, calls: 6)
                #expect(try await cluster.client("n2").post(lines: lines).status == 200)
                expected.formUnion((0..<6).map { "\(account)/call-\(index)-\($0)" })
            }
            try await Task.sleep(for: .seconds(2))
            paused.signal(SIGSTOP)
            let taken = try await cluster.eventually(within: .seconds(30)) {
                let owners = try await cluster.status()["owners"]?.arrayValue ?? []
                return owners.allSatisfy { $0["owner"]?.stringValue != victim && $0["owner"]?.stringValue != nil }
            }
            #expect(taken)
            let finished = await cluster.eventually(within: .seconds(90)) {
                await cluster.taskIDs().count >= expected.count
            }
            #expect(finished)
            try await cluster.org.setLatency(milliseconds: 0)
            _ = await cluster.eventually(within: .seconds(10)) {
                let before = await cluster.apiRequests()
                try? await Task.sleep(for: .seconds(1))
                return await cluster.apiRequests() == before
            }
            let quiet = await cluster.apiRequests()
            let quietStats = await cluster.org.call("GET", "/__emulator/stats").json?["by_resource"]
            paused.signal(SIGCONT)
            let rejoined = try await cluster.eventually(within: .seconds(30)) {
                try await cluster.partitionCounts().values.sorted() == [4, 4, 4]
            }
            #expect(rejoined)
            try await Task.sleep(for: cluster.leaseTime)
            let after = await cluster.apiRequests()
            let afterStats = await cluster.org.call("GET", "/__emulator/stats").json?["by_resource"]
            #expect(
                after == quiet,
                "the paused node (or the move back) sent requests: \(String(describing: quietStats)) -> \(String(describing: afterStats))"
            )
            let tasks = await cluster.taskIDs()
            #expect(tasks.count == expected.count)
            #expect(Set(tasks) == expected)
            let violations = try Self.recordsAfterLosing(victim, servers: cluster.servers.clusterArgument)
            #expect(violations.isEmpty, "\(victim) recorded after losing its partitions: \(violations)")
        }
    }

    /// Outcome messages `node` published for a partition that another node had claimed since
    /// `node` last claimed it, as "sequence on partition".
    static func recordsAfterLosing(_ node: String, servers: String) throws -> [String] {
        let connection = try NATSConnection(servers: servers.split(separator: ",").map(String.init), name: "test")
        let last = try #require(try connection.streamStatus(ClusterNames.outcomesStream)).lastSequence
        var claimedBy: [String: String] = [:]
        var violations: [String] = []
        let prefix = ClusterNames.hex(node) + "-"
        for sequence in 1...max(1, last) {
            guard
                let message = try connection.message(
                    in: ClusterNames.outcomesStream,
                    at: sequence,
                    headers: ["Nats-Msg-Id", "Avosync-Claim"]
                )
            else { continue }
            let partition = String(message.subject.split(separator: ".").last ?? "")
            if let claimer = message.headers["Avosync-Claim"] {
                claimedBy[partition] = claimer
            } else if message.headers["Nats-Msg-Id"]?.hasPrefix(prefix) == true, claimedBy[partition] != node {
                violations.append("\(sequence) on \(partition)")
            }
        }
        return violations
    }
}
