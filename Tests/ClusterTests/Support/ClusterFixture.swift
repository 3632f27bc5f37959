import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator

/// A cluster on loopback for a test: nats-servers, the emulated org in this process, a
/// credentials key and a tokens file, and `avosync serve --cluster` nodes as child processes.
final class ClusterFixture: @unchecked Sendable {
    // @unchecked: `nodes` is touched only under `lock`.
    static let token = "cluster-token-0123456789abcdef"

    let directory: String
    let servers: NATSServers
    let emulator: LiveEmulator
    let keyFile: String
    let tokensFile: String
    let partitions: Int
    let leaseSeconds: Double
    private let lock = NSLock()
    private var nodes: [String: ServeProcess] = [:]

    var org: OrgConnection { emulator.org }
    var leaseTime: Duration { .milliseconds(Int64(leaseSeconds * 1000)) }

    private init(
        directory: String,
        servers: NATSServers,
        emulator: LiveEmulator,
        partitions: Int,
        leaseSeconds: Double
    ) throws {
        self.directory = directory
        self.servers = servers
        self.emulator = emulator
        self.partitions = partitions
        self.leaseSeconds = leaseSeconds
        keyFile = directory + "/cluster.key"
        try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: keyFile))
        tokensFile = try writeTokens([Self.token], to: directory + "/tokens")
        try "demo-secret\n".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try "demo-refresh-token\n".write(toFile: directory + "/refresh", atomically: true, encoding: .utf8)
    }

    static func start(
        servers count: Int = 3,
        partitions: Int = 12,
        leaseSeconds: Double = 2
    ) async throws
        -> ClusterFixture
    {
        let directory = makeTemporaryDirectory()
        let servers = try await NATSServers(count: count, directory: directory)
        let emulator = try await LiveEmulator.start()
        return try ClusterFixture(
            directory: directory,
            servers: servers,
            emulator: emulator,
            partitions: partitions,
            leaseSeconds: leaseSeconds
        )
    }

    /// Stops every node (SIGKILL), the servers and the emulator, and removes the files.
    func stop() async {
        for node in lock.withLock({ Array(nodes.values) }) { await node.process.kill() }
        servers.stopAll()
        await emulator.stop()
        removeTree(directory)
    }

    /// The arguments every node gets.
    func nodeArguments(_ name: String, key: String? = nil, pollInterval: Int = 86400) -> [String] {
        [
            "--cluster", servers.clusterArgument, "--node", name, "--credentials-key-file", key ?? keyFile,
            "--partitions", String(partitions), "--lease-seconds", String(leaseSeconds),
            // By default no polls for changes made in Salesforce: the tests count requests.
            "--poll-interval", String(pollInterval),
        ]
    }

    /// Starts node `name` with its own data directory, and waits until it serves.
    @discardableResult
    func startNode(_ name: String, pollInterval: Int = 86400) async throws -> ServeProcess {
        let node = try await ServeProcess(
            data: directory + "/" + name,
            tokensFile: tokensFile,
            arguments: nodeArguments(name, pollInterval: pollInterval)
        )
        lock.withLock { nodes[name] = node }
        return node
    }

    func node(_ name: String) -> ServeProcess? { lock.withLock { nodes[name] } }

    /// Kills node `name` with SIGKILL.
    func kill(_ name: String) async {
        guard let node = lock.withLock({ nodes.removeValue(forKey: name) }) else { return }
        await node.process.kill()
    }

    /// An ingest client of node `name`.
    func client(_ name: String, deadline: Duration = .seconds(30)) -> IngestClient {
        IngestClient(baseURL: node(name)!.baseURL, token: Self.token, deadline: deadline)
    }

    /// `avosync ARGUMENTS`, off the cooperative pool.
    func avosync(_ arguments: [String]) async throws -> ProgramRun {
        try await ChildProcess.run("avosync", arguments)
    }

    /// `connect --cluster` for `account`, against the emulated org.
    func connect(_ account: String) async throws {
        let run = try await avosync([
            "connect", "--account", account, "--environment", "production", "--client-id", "avosync-demo",
            "--client-secret-file", directory + "/secret", "--refresh-token-file", directory + "/refresh",
            "--login-url", emulator.baseURL, "--cluster", servers.clusterArgument, "--credentials-key-file", keyFile,
        ])
        guard run.status == 0 else { throw HarnessError("connect --cluster failed (\(run.status)): \(run.errors)") }
    }

    /// `cluster status --json`.
    func status() async throws -> JSON {
        let run = try await avosync(["cluster", "status", "--cluster", servers.clusterArgument, "--json"])
        guard run.status == 0, let json = JSON.parse(Data(run.output)) else {
            throw HarnessError("cluster status failed (\(run.status)): \(run.errors)")
        }
        return json
    }

    /// Each live node's partition count, from `cluster status`.
    func partitionCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for owner in try await status()["owners"]?.arrayValue ?? [] {
            if let name = owner["owner"]?.stringValue { counts[name, default: 0] += 1 }
        }
        return counts
    }

    /// Waits until `condition` holds, polling every 200 ms; false when `timeout` passed first.
    func eventually(within timeout: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    /// The closed Tasks of the org, by their Avochato event id.
    func taskIDs() async -> [String] {
        var ids: [String] = []
        var page = await org.call(
            "GET",
            "query?q=" + OrgConnection.formEncoded("SELECT Avochato_Event_Id__c FROM Task")
        )
        .json
        while let current = page {
            ids += (current["records"]?.arrayValue ?? []).compactMap { $0["Avochato_Event_Id__c"]?.stringValue }
            guard let next = current["nextRecordsUrl"]?.stringValue else { break }
            page = await org.call("GET", next).json
        }
        return ids
    }

    /// Phones of the org's Leads and Contacts, one entry per record.
    func recordPhones() async -> [String] {
        var phones: [String] = []
        for object in ["Lead", "Contact"] {
            phones += await org.query("SELECT Phone FROM \(object)").compactMap { $0["Phone"]?.stringValue }
        }
        return phones
    }

    /// `GET /__emulator/stats`'s `api_requests`.
    func apiRequests() async -> Int {
        Int(await org.call("GET", "/__emulator/stats").json?["api_requests"]?.doubleValue ?? 0)
    }
}

/// Runs `body` with a started cluster, then stops it, whether `body` threw or not.
func withCluster(servers: Int = 3, _ body: (ClusterFixture) async throws -> Void) async throws {
    let cluster = try await ClusterFixture.start(servers: servers)
    do {
        try await body(cluster)
    } catch {
        await cluster.stop()
        throw error
    }
    await cluster.stop()
}

/// JSON lines of the ingest contract for cluster scenarios: contacts with phones the org does
/// not hold (so each is created once), and calls with ids (each a closed Task).
struct ClusterEvents {
    /// A new contact of `account` with a phone of its own, and `calls` calls of it.
    static func contactWithCalls(account: String, contact: Int, calls: Int) -> [String] {
        let phone = String(format: "415%07d", 5_200_000 + contact)
        var lines = [
            #"{"type":"contact.upserted","account":"\#(account)","contact":"c\#(contact)","id":"c\#(contact)-upsert","at":"2026-11-01T10:00:00Z","fields":{"first_name":"Test","last_name":"Person \#(contact)","phone":"\#(phone)"}}"#
        ]
        for call in 0..<calls {
            lines.append(
                #"{"type":"call.logged","account":"\#(account)","contact":"c\#(contact)","id":"call-\#(contact)-\#(call)","at":"2026-11-01T10:0\#(call % 10):00Z","direction":"outbound","duration_seconds":\#(30 + call)}"#
            )
        }
        return lines
    }
}
