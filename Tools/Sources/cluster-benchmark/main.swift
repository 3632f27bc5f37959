import AsyncHTTPClient
import BenchmarkSupport
import Cluster
import Foundation

// Side by side in one run: ingest and dispatch of the same events by one node without --cluster
// and by one, two and three nodes on a three-server JetStream cluster, with the CPU each kind of
// process spent per event; then the failover time from a node's kill to its partitions
// dispatching again. Needs a release build of avosync (swift build -c release --product avosync).

let eventCount = option("--events", default: 20_000)
let accountCount = option("--accounts", default: 24)
let clientCount = option("--clients", default: 4)
let requestEvents = option("--request-events", default: 500)
let failoverRounds = option("--failover-rounds", default: 10)
let leaseSeconds = option("--lease-seconds", default: 10)
// The repository: the nearest directory above this program that holds the standard org.
var repository = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
while repository.path != "/",
    !FileManager.default.fileExists(atPath: repository.path + "/Fixtures/orgs/standard.json")
{
    repository.deleteLastPathComponent()
}
let avosync = ProcessInfo.processInfo.environment["AVOSYNC"] ?? repository.path + "/.build/release/avosync"
guard FileManager.default.isExecutableFile(atPath: avosync) else {
    say("no avosync at \(avosync): swift build -c release --product avosync first (or set AVOSYNC)")
    exit(1)
}
let root = ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory() + "avosync-cluster-\(getpid())"
try? FileManager.default.removeItem(atPath: root)
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
defer {
    if ProcessInfo.processInfo.environment["BENCH_DIR"] == nil { try? FileManager.default.removeItem(atPath: root) }
}
let setup = try Setup(avosync: avosync, root: root, org: repository.path + "/Fixtures/orgs/standard.json")
let workload = Workload(events: eventCount, accounts: accountCount, requestEvents: requestEvents)
let http = HTTPClient(eventLoopGroupProvider: .singleton)
say(
    "\(workload.events) events (\(workload.tasks) calls) over \(accountCount) accounts, \(clientCount) clients posting \(requestEvents) a request; lease \(leaseSeconds) s\n"
)

if !CommandLine.arguments.contains("--failover-only") {
    var rows: [ConfigurationRun.Row] = []
    let single = try await ConfigurationRun.run(label: "1 node, no --cluster", nodes: 1, cluster: false)
    rows.append(single)
    for nodes in 1...3 {
        rows.append(try await ConfigurationRun.run(label: "\(nodes) node(s), 3 servers", nodes: nodes, cluster: true))
    }
    ConfigurationRun.printTable(rows, baseline: single)
}

say("\nfailover: kill -9 a node, post one call for each account its partitions hold, wait for their Tasks")
let times = try await FailoverRun.run(rounds: failoverRounds)
let sorted = times.sorted()
say(
    String(
        format:
            "failover over %d kills: median %.2f s, worst %.2f s, best %.2f s (lease %d s; the contract's bound is %d s)",
        sorted.count,
        median(sorted),
        sorted.last ?? 0,
        sorted.first ?? 0,
        leaseSeconds,
        2 * leaseSeconds
    )
)
try await http.shutdown()
