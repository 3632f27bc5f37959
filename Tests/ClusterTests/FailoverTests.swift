import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// CONTRACT section 5: partitions move when a node dies, within twice the lease time; exactly
/// once holds across node and server failures.
@Suite("Cluster: failover", .serialized)
struct FailoverTests {
    static let accounts = (1...6).map { "shop-\($0)" }
    static let nodes = ["n1", "n2", "n3"]

    /// Rounds of the kill test: `AVOSYNC_CLUSTER_KILL_ROUNDS` (the stress run uses 20 or more).
    static var killRounds: Int {
        ProcessInfo.processInfo.environment["AVOSYNC_CLUSTER_KILL_ROUNDS"].flatMap(Int.init) ?? 2
    }

    @Test(
        "a node killed mid-dispatch: its partitions move within twice the lease and finish, nothing twice, nothing missing, and it rejoins"
    )
    func killedNodesPartitionsMoveAndFinish() async throws {
        try await withCluster { cluster in
            for name in Self.nodes { try await cluster.startNode(name) }
            for account in Self.accounts { try await cluster.connect(account) }
            #expect(
                try await cluster.eventually(within: .seconds(30)) { try await cluster.partitionCounts().count == 3 }
            )
            // Slow enough that a kill lands while batches are in flight.
            try await cluster.org.setLatency(milliseconds: 40)
            var expected: Set<String> = []
            var contact = 0
            for round in 0..<Self.killRounds {
                let before = await cluster.taskIDs().count
                for (index, account) in Self.accounts.enumerated() {
                    contact += 1
                    let lines = ClusterEvents.contactWithCalls(account: account, contact: contact, calls: 4)
                    let answer = try await cluster.client(Self.nodes[index % 3]).post(lines: lines)
                    #expect(answer.status == 200)
                    expected.formUnion((0..<4).map { "\(account)/call-\(contact)-\($0)" })
                }
                _ = await cluster.eventually(within: .seconds(30)) { await cluster.taskIDs().count > before }
                let victim = Self.nodes[round % 3]
                let owned = try await cluster.partitionCounts()[victim] ?? 0
                await cluster.kill(victim)
                let killed = ContinuousClock.now
                let moved = try await cluster.eventually(within: .seconds(30)) {
                    let counts = try await cluster.partitionCounts()
                    return counts[victim] == nil && counts.values.reduce(0, +) == cluster.partitions
                }
                let failover = ContinuousClock.now - killed
                #expect(moved, "round \(round): \(victim)'s \(owned) partitions did not move")
                // Twice the lease, plus the second it may take to see it through `cluster status`.
                #expect(failover < cluster.leaseTime * 2 + .seconds(1), "round \(round): moved after \(failover)")
                let finished = await cluster.eventually(within: .seconds(90)) {
                    await cluster.taskIDs().count >= expected.count
                }
                #expect(finished, "round \(round)")
                try await cluster.startNode(victim)
                let rejoined = try await cluster.eventually(within: .seconds(30)) {
                    try await cluster.partitionCounts().values.sorted() == [4, 4, 4]
                }
                #expect(rejoined, "round \(round): \(victim) did not get its share back")
            }
            let tasks = await cluster.taskIDs()
            #expect(tasks.count == expected.count)
            #expect(Set(tasks) == expected)
            let phones = await cluster.recordPhones().filter { $0.hasPrefix("+1415520") }
            #expect(phones.count == contact)
            #expect(Set(phones).count == phones.count)
        }
    }

    @Test(
        "the events stream's leader killed while clients post and nodes dispatch: every event answered 200 lands exactly once"
    )
    func streamLeaderKilledLosesNothingAnswered() async throws {
        try await withCluster { cluster in
            for name in Self.nodes { try await cluster.startNode(name) }
            for account in Self.accounts { try await cluster.connect(account) }
            let acknowledged = AcknowledgedCalls()
            let posting = Task {
                var contact = 1000
                while !Task.isCancelled {
                    for (index, account) in Self.accounts.enumerated() where !Task.isCancelled {
                        contact += 1
                        let lines = ClusterEvents.contactWithCalls(account: account, contact: contact, calls: 2)
                        // A request refused or unanswered is not counted: only 200s promise anything.
                        let answer = try? await cluster.client(Self.nodes[index % 3], deadline: .seconds(10))
                            .post(lines: lines)
                        if answer?.status == 200 {
                            acknowledged.add((0..<2).map { "\(account)/call-\(contact)-\($0)" })
                        }
                    }
                }
            }
            _ = await cluster.eventually(within: .seconds(30)) { acknowledged.count >= 24 }
            let leader = try await cluster.status()["streams"]?.arrayValue?.first?["leader"]?.stringValue
            let victim = try #require(leader)
            cluster.servers.kill(victim)
            let before = acknowledged.count
            _ = await cluster.eventually(within: .seconds(60)) { acknowledged.count >= before + 48 }
            posting.cancel()
            _ = await posting.result
            let expected = acknowledged.all
            #expect(acknowledged.count > before, "nothing was acknowledged after the leader was killed")
            let landed = await cluster.eventually(within: .seconds(120)) {
                Set(await cluster.taskIDs()).isSuperset(of: expected)
            }
            #expect(landed)
            let tasks = await cluster.taskIDs()
            #expect(Set(tasks).isSuperset(of: expected))
            #expect(tasks.count == Set(tasks).count)
        }
    }
}

/// The Task ids of calls whose request was answered 200.
final class AcknowledgedCalls: @unchecked Sendable {
    // @unchecked: `ids` is touched only under `lock`.
    private let lock = NSLock()
    private var ids: Set<String> = []

    func add(_ new: [String]) { lock.withLock { ids.formUnion(new) } }
    var count: Int { lock.withLock { ids.count } }
    var all: Set<String> { lock.withLock { ids } }
}

extension OrgConnection {
    /// Makes every API call of the emulated org take `milliseconds`.
    func setLatency(milliseconds: Int) async throws {
        let reply = await call(
            "POST",
            "/__emulator/faults",
            json: ["latency_ms": ["min": .int(milliseconds), "max": .int(milliseconds)]]
        )
        guard reply.status == 200 else { throw HarnessError("faults refused: \(String(describing: reply.json))") }
    }
}
