import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// CONTRACT section 5: every node ingests, partitions spread over live nodes, and every event
/// reaches Salesforce exactly once.
@Suite("Cluster: three servers, three nodes", .serialized)
struct ClusterDeliveryTests {
    static let accounts = (1...6).map { "shop-\($0)" }

    @Test("events posted to any of three nodes reach the org exactly once, and the partitions spread evenly")
    func eventsPostedToAnyNodeLandOnce() async throws {
        try await withCluster { cluster in
            for name in ["n1", "n2", "n3"] { try await cluster.startNode(name) }
            for account in Self.accounts { try await cluster.connect(account) }
            let even = try await cluster.eventually(within: .seconds(30)) {
                try await cluster.partitionCounts().values.sorted() == [4, 4, 4]
            }
            let counts = try await cluster.partitionCounts()
            #expect(even, "partitions: \(counts)")
            var expected: Set<String> = []
            for (index, account) in Self.accounts.enumerated() {
                let lines = ClusterEvents.contactWithCalls(account: account, contact: index, calls: 3)
                let first = try await cluster.client(["n1", "n2", "n3"][index % 3]).post(lines: lines)
                #expect(first.status == 200)
                #expect(first.json?["appended"]?.doubleValue == 4)
                // The same request again, to another node: all duplicates.
                let again = try await cluster.client(["n1", "n2", "n3"][(index + 1) % 3]).post(lines: lines)
                #expect(again.json?["duplicates"]?.doubleValue == 4)
                #expect(again.json?["appended"]?.doubleValue == 0)
                expected.formUnion((0..<3).map { "\(account)/call-\(index)-\($0)" })
            }
            let landed = await cluster.eventually(within: .seconds(60)) {
                await cluster.taskIDs().count >= expected.count
            }
            #expect(landed)
            let tasks = await cluster.taskIDs()
            #expect(tasks.count == expected.count)
            #expect(Set(tasks) == expected)
            let phones = await cluster.recordPhones().filter { $0.hasPrefix("+1415520") }
            #expect(phones.count == Self.accounts.count)
            #expect(Set(phones).count == phones.count)
            // Each node's dashboard reads the node's copy of the streams: every account, whoever dispatches it.
            for name in ["n1", "n2", "n3"] {
                let listsAll = await cluster.eventually(within: .seconds(20)) {
                    guard let overview = try? await cluster.client(name).get("/ui/", authorized: true),
                        overview.status == 200
                    else { return false }
                    return Self.accounts.allSatisfy { overview.text.contains("<tr data-account=\"\($0)\">") }
                }
                #expect(listsAll, "\(name)'s dashboard lists every account")
            }
        }
    }

    @Test(
        "with fewer than three servers the streams get as many replicas as there are servers, and the node says so; SIGTERM gives the leases back; the node's logs verify and replay"
    )
    func oneServerMeansOneReplica() async throws {
        try await withCluster(servers: 1) { cluster in
            let node = try await cluster.startNode("solo")
            let status = try await cluster.status()
            let replicas = (status["streams"]?.arrayValue ?? []).map { $0["replicas"]?.doubleValue }
            #expect(replicas == [1, 1])
            // Standard error is read as it comes: wait for the line rather than race the reader.
            let warned = await cluster.eventually(within: .seconds(10)) {
                node.process.errorOutput.contains("has 1 replica(s), not 3")
            }
            #expect(warned)
            try await cluster.connect("shop-1")
            let answer = try await cluster.client("solo").post(
                lines: ClusterEvents.contactWithCalls(account: "shop-1", contact: 1, calls: 1)
            )
            #expect(answer.status == 200)
            #expect(await cluster.eventually(within: .seconds(30)) { await cluster.taskIDs() == ["shop-1/call-1-0"] })
            // SIGTERM: exit 0, and the leases are given back at once rather than left to expire.
            #expect(await node.stop() == 0)
            let owners = try await cluster.status()["owners"]?.arrayValue ?? []
            #expect(owners.count == cluster.partitions)
            #expect(owners.allSatisfy { $0["owner"] == .null })
            // The node's own LZ4 logs serve the single machine's commands.
            let data = cluster.directory + "/solo"
            let verify = try await cluster.avosync(["verify", "--data", data])
            #expect(verify.status == 0, "\(verify.text) \(verify.errors)")
            let log = try await cluster.avosync(["log", "--data", data, "--sync", "--json"])
            #expect(log.text.contains("\"id\":\"call-1-0\""))
            #expect(log.text.contains("sync.task_written"))
            let replay = try await cluster.avosync(["replay", "--data", data])
            #expect(replay.status == 0)
        }
    }

    @Test("a change a person makes in Salesforce comes back through the cluster's stream into the node's log")
    func twoWaySyncPublishesToTheStream() async throws {
        try await withCluster(servers: 1) { cluster in
            try await cluster.startNode("n1", pollInterval: 1)
            try await cluster.connect("shop-1")
            let answer = try await cluster.client("n1").post(lines: [
                #"{"type":"contact.upserted","account":"shop-1","contact":"grace","id":"g1","at":"2026-11-01T10:00:00Z","fields":{"phone":"4155550102"}}"#,
                #"{"type":"call.logged","account":"shop-1","contact":"grace","id":"call-g","at":"2026-11-01T10:01:00Z","direction":"outbound","duration_seconds":61}"#,
            ])
            #expect(answer.status == 200)
            #expect(await cluster.eventually(within: .seconds(30)) { await cluster.taskIDs() == ["shop-1/call-g"] })
            let person = try await OrgConnection(cluster.org.emulator, refreshToken: "admin-refresh-token")
            let edit = await person.call(
                "PATCH",
                "sobjects/Contact/0035e0000000002AAA",
                json: ["Email": "grace@navy.example"]
            )
            #expect(edit.status == 204)
            let cameBack = try await cluster.eventually(within: .seconds(30)) {
                let run = try await cluster.avosync([
                    "log", "--data", cluster.directory + "/n1", "--type", "salesforce.record_changed", "--json",
                ])
                return run.text.contains("grace@navy.example")
            }
            #expect(cameBack)
            let events = try await cluster.status()["events"]?.doubleValue ?? 0
            #expect(events >= 4, "the change was published to the cluster's stream")
            // Who appended each event travels with it through the stream into the node's own log.
            let log = try await cluster.avosync(["log", "--data", cluster.directory + "/n1", "--json"])
            let appenders = Dictionary(
                log.text.split(separator: "\n").compactMap { JSON.parse(Data($0.utf8)) }.map {
                    ($0["type"]?.stringValue ?? "", [$0["appended_by"]?.stringValue ?? "null"])
                },
                uniquingKeysWith: { $0 + $1 }
            )
            #expect(appenders["salesforce.connected"] == ["cli"])
            #expect(appenders["contact.upserted"] == ["token"] && appenders["call.logged"] == ["token"])
            #expect(appenders["salesforce.record_changed"]?.allSatisfy { $0 == "avosync" } == true)
        }
    }

    @Test("a node given another credentials key refuses to start, naming the account and the key file")
    func staleCredentialsKeyIsRefused() async throws {
        try await withCluster(servers: 1) { cluster in
            try await cluster.startNode("n1")
            try await cluster.connect("shop-1")
            let otherKey = cluster.directory + "/other.key"
            try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: otherKey))
            let run = try await cluster.avosync(
                [
                    "serve", "--data", cluster.directory + "/n2", "--tokens-file", cluster.tokensFile, "--listen",
                    "127.0.0.1:0",
                ]
                    + cluster.nodeArguments("n2", key: otherKey)
            )
            #expect(run.status == 1)
            #expect(run.errors.contains("shop-1"))
            #expect(run.errors.contains(otherKey))
            #expect(run.errors.contains("not the key they were sealed with"))
            // A key file of the wrong size is refused before anything else.
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: otherKey))
            let short = try await cluster.avosync(
                [
                    "serve", "--data", cluster.directory + "/n3", "--tokens-file", cluster.tokensFile, "--listen",
                    "127.0.0.1:0",
                ]
                    + cluster.nodeArguments("n3", key: otherKey)
            )
            #expect(short.status == 1)
            #expect(short.errors.contains("holds 3 bytes; it must hold 32 random bytes"))
        }
    }

    @Test("the credentials in NATS are sealed: no secret appears in the servers' stores")
    func credentialsAreNeverPlainInNATS() async throws {
        try await withCluster(servers: 1) { cluster in
            try await cluster.startNode("n1")
            try await cluster.connect("shop-1")
            cluster.servers.stopAll()
            let store = cluster.directory + "/nats-1"
            let files = FileManager.default.enumerator(atPath: store)?.compactMap { $0 as? String } ?? []
            var scanned = 0
            for file in files {
                guard let bytes = FileManager.default.contents(atPath: store + "/" + file) else { continue }
                scanned += bytes.count
                #expect(bytes.range(of: Data("demo-secret".utf8)) == nil, "client secret in \(file)")
                #expect(bytes.range(of: Data("demo-refresh-token".utf8)) == nil, "refresh token in \(file)")
            }
            #expect(scanned > 0)
        }
    }
}
