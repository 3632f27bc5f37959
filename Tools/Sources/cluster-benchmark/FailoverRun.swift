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
        // Each account's contact "c1" (with a phone of its own) linked, and every lane signed in.
        let warmUp = Workload(
            events: accountCount * 2,
            accounts: accountCount,
            requestEvents: 1000,
            callsPerContact: 1,
            prefix: "warm-"
        )
        _ = try await warmUp.post(to: nodes.values.map(\.1), clients: 1, http: http)
        guard try await Workload.waitForTasks(warmUp.tasks, emulatorURL, http: http, timeout: 120) else {
            throw BenchmarkError("failover: the warm-up did not land")
        }
        let partitioning = Partitioning(count: ClusterSettings.defaultPartitions)
        var times: [Double] = []
        var call = 0
        for round in 0..<rounds {
            let owners = try clusterOwners(cluster)
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
                    #"{"type":"call.logged","account":"\#(account)","contact":"warm-c\#(workload.accounts.firstIndex(of: account)! + 1)","id":"failover-\#(call)","at":"2026-11-02T10:00:00Z","direction":"outbound","duration_seconds":60}"#
                try await Workload.post(Array((line + "\n").utf8), to: survivor, http: http)
            }
            guard try await Workload.waitForTasks(before + accounts.count, emulatorURL, http: http, timeout: 120) else {
                throw BenchmarkError("round \(round): the victim's accounts were not dispatched again")
            }
            let seconds = (clock.now - killed).seconds
            times.append(seconds)
            say(
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
}
