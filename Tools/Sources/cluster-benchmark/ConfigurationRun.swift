import AsyncHTTPClient
import BenchmarkSupport
import Cluster
import Foundation

/// One configuration: its processes started, the accounts connected, the workload posted, and
/// the time until every Task is in the org.
enum ConfigurationRun {
    struct Row {
        var label: String
        var ingestSeconds: Double
        var endToEndSeconds: Double
        /// CPU seconds by kind of process: nats-server, avosync node, emulator.
        var cpu: [String: Double]
    }

    static func run(label: String, nodes count: Int, cluster: Bool) async throws -> Row {
        let directory = root + "/" + label.filter { $0.isLetter || $0.isNumber }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (emulator, emulatorURL) = try setup.emulator(directory)
        var servers: [Child] = []
        var clusterArgument: String?
        if cluster { (servers, clusterArgument) = try setup.natsServers(directory) }
        var nodes: [(Child, String)] = []
        defer {
            for (node, _) in nodes { node.kill() }
            for server in servers { server.kill() }
            emulator.kill()
        }
        nodes.append(
            try setup.serve(
                "node-1",
                data: directory + "/node-1",
                cluster: clusterArgument,
                extra: cluster ? ["--lease-seconds", String(leaseSeconds)] : []
            )
        )
        for account in workload.accounts {
            try setup.connect(account, loginURL: emulatorURL, data: directory + "/node-1", cluster: clusterArgument)
        }
        for index in 1..<count {
            nodes.append(
                try setup.serve("node-\(index + 1)", data: directory + "/node-\(index + 1)", cluster: clusterArgument)
            )
        }
        if let clusterArgument { try await waitForSpread(clusterArgument, nodes: count) }
        // Every account signed in and described before the clock starts.
        let warmUp = Workload(
            events: accountCount * 2,
            accounts: accountCount,
            requestEvents: 1000,
            callsPerContact: 1,
            prefix: "warm-"
        )
        let before = try await Workload.taskCount(emulatorURL, http: http)
        _ = try await warmUp.post(to: nodes.map(\.1), clients: 1, http: http)
        guard try await Workload.waitForTasks(before + warmUp.tasks, emulatorURL, http: http, timeout: 120) else {
            throw BenchmarkError("\(label): the warm-up did not land")
        }
        let counted = servers + nodes.map(\.0) + [emulator]
        let cpuBefore = counted.map(\.cpuSeconds)
        let clock = ContinuousClock()
        let start = clock.now
        let tasksBefore = try await Workload.taskCount(emulatorURL, http: http)
        let ingest = try await workload.post(to: nodes.map(\.1), clients: clientCount, http: http)
        guard try await Workload.waitForTasks(tasksBefore + workload.tasks, emulatorURL, http: http) else {
            throw BenchmarkError("\(label): not every Task landed")
        }
        let endToEnd = (clock.now - start).seconds
        var cpu: [String: Double] = [:]
        for (index, child) in counted.enumerated() {
            let kind = child.name.hasPrefix("nats") ? "nats-server" : child.name == "emulator" ? "emulator" : "avosync"
            cpu[kind, default: 0] += child.cpuSeconds - cpuBefore[index]
        }
        let row = Row(label: label, ingestSeconds: ingest, endToEndSeconds: endToEnd, cpu: cpu)
        say(
            "  \(label.padded(24)) ingest \(String(format: "%7.0f", Double(workload.events) / ingest)) events/s, "
                + "all Tasks in the org after \(String(format: "%.2f", endToEnd)) s"
        )
        return row
    }

    /// Waits until `nodes` nodes own every partition between them.
    static func waitForSpread(_ cluster: String, nodes: Int) async throws {
        for _ in 0..<300 {
            let owners = try clusterOwners(cluster)
            if owners.count == ClusterSettings.defaultPartitions, Set(owners.values).count == nodes { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchmarkError("the partitions did not spread over \(nodes) nodes")
    }

    static func printTable(_ rows: [Row], baseline: Row) {
        let events = Double(workload.events)
        say("")
        say(
            "configuration".padded(26)
                + "ingest ev/s  end-to-end ev/s  vs single   CPU µs/event: nats-server  avosync  emulator  total"
        )
        for row in rows {
            let cpu = { (kind: String) in (row.cpu[kind] ?? 0) / events * 1e6 }
            let total = row.cpu.values.reduce(0, +) / events * 1e6
            say(
                row.label.padded(26)
                    + String(
                        format: "%11.0f  %15.0f  %9.2f   %25.0f  %7.0f  %8.0f  %5.0f",
                        events / row.ingestSeconds,
                        events / row.endToEndSeconds,
                        baseline.endToEndSeconds / row.endToEndSeconds,
                        cpu("nats-server"),
                        cpu("avosync"),
                        cpu("emulator"),
                        total
                    )
            )
        }
    }
}

/// Each partition's owner, from `avosync cluster status --json`.
func clusterOwners(_ cluster: String) throws -> [Int: String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: avosync)
    process.arguments = ["cluster", "status", "--cluster", cluster, "--json"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    var owners: [Int: String] = [:]
    for entry in json?["owners"] as? [[String: Any]] ?? [] {
        if let partition = entry["partition"] as? Int, let owner = entry["owner"] as? String {
            owners[partition] = owner
        }
    }
    return owners
}
