import BenchmarkSupport
import Foundation

// For each contact count, generates a log of N events over A accounts, then measures side by side
// in one run: `lz4 -dc` on the log's segment bytes and the fold from zero (paired run by run),
// reading the verified batches alone, the memory the projection holds after the fold, writing a
// snapshot, and restarting from it.

let eventCount = option("--events", default: 10_000_000)
let contactCounts = option("--contacts", default: [100_000, 1_000_000])
let accountCount = option("--accounts", default: 1_000)
let runs = option("--runs", default: 3)
let workRoot =
    ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory() + "avosync-replay-bench-\(getpid())"

var reports: [ReplayReport] = []
for contacts in contactCounts {
    let run = ReplayRun(
        root: workRoot,
        workload: Workload(accounts: accountCount, contacts: contacts),
        events: eventCount,
        runs: runs
    )
    reports.append(try run.measure())
}
for report in reports { report.print() }
