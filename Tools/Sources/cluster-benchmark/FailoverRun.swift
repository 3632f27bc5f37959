import AsyncHTTPClient
import BenchmarkSupport
import Cluster
import Foundation

/// Three servers and three nodes; `rounds` times: kill -9 a node, post one call for each account
/// of the partitions it owned, and time until their Tasks are in the org; then restart it.
enum FailoverRun {
    static func run(rounds: Int) async throws -> [Double] {
        let directory = root + "/failover"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (emulator, emulatorURL) = try setup.emulator(directory)
        let (servers, cluster) = try setup.natsServers(directory)
        var nodes: [String: (Child, String)] = [:]
        defer {
            for (node, _) in nodes.values { node.kill() }
            for server in servers { server.kill() }
            emulator.kill()
        }
        let names = ["node-1", "node-2", "node-3"]
        nodes["node-1"] = try setup.serve(
            "node-1",
            data: directory + "/node-1",
            cluster: cluster,
            extra: ["--lease-seconds", String(leaseSeconds)]
        )
        for account in workload.accounts {
            try setup.connect(account, loginURL: emulatorURL, data: directory, cluster: cluster)
        }
        for name in names.dropFirst() {
            nodes[name] = try setup.serve(name, data: directory + "/" + name, cluster: cluster)
        }
        try await ConfigurationRun.waitForSpread(cluster, nodes: 3)
        let partitioning = Partitioning(count: ClusterSettings.defaultPartitions)
        var times: [Double] = []
        var call = 0
        for round in 0..<rounds {
            let owners = try owners(cluster)
            let victim = names[round % 3]
            let accounts = workload.accounts.filter { owners[partitioning.partition(of: $0)] == victim }
            guard !accounts.isEmpty, let survivor = nodes.first(where: { $0.key != victim })?.value.1 else { continue }
            let before = try await Workload.taskCount(emulatorURL, http: http)
            nodes.removeValue(forKey: victim)?.0.kill()
            let clock = ContinuousClock()
            let killed = clock.now
            for account in accounts {
                call += 1
                let line =
                    #"{"type":"call.logged","account":"\#(account)","contact":"failover","id":"failover-\#(call)","at":"2026-11-02T10:00:00Z","direction":"outbound","duration_seconds":60}"#
                try await Workload.post(Array((line + "\n").utf8), to: survivor, http: http)
            }
            guard try await Workload.waitForTasks(before + accounts.count, emulatorURL, http: http, timeout: 120) else {
                throw BenchmarkError("round \(round): the victim's accounts were not dispatched again")
            }
            let seconds = (clock.now - killed).seconds
            times.append(seconds)
            print(
                String(
                    format: "  round %2d: %@ killed, %d accounts moved, dispatching again after %.2f s",
                    round + 1,
                    victim,
                    accounts.count,
                    seconds
                )
            )
            nodes[victim] = try setup.serve(victim, data: directory + "/" + victim, cluster: cluster)
            try await ConfigurationRun.waitForSpread(cluster, nodes: 3)
        }
        return times
    }

    /// Each partition's owner, from `cluster status --json`.
    static func owners(_ cluster: String) throws -> [Int: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: avosync)
        process.arguments = ["cluster", "status", "--cluster", cluster, "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        var owners: [Int: String] = [:]
        for entry in json?["owners"] as? [[String: Any]] ?? [] {
            if let partition = entry["partition"] as? Int, let owner = entry["owner"] as? String {
                owners[partition] = owner
            }
        }
        return owners
    }
}
