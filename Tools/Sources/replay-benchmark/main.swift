import BenchmarkSupport
import Foundation
import Projection

// For each contact count, generates a log of N events over A accounts, then measures side by side
// in one run: `lz4 -dc` on the log's segment bytes and the fold from zero (paired run by run),
// reading the verified batches alone, the memory the projection holds after the fold, writing a
// snapshot, and restarting from it.

let eventCount = option("--events", default: 10_000_000)
let contactCounts = option("--contacts", default: [100_000, 1_000_000])
let accountCount = option("--accounts", default: 1_000)
let runs = option("--runs", default: 3)
// With BENCH_DIR the data directory stays, and `--fold-only` folds the log already there (for a
// profiler: `perf record ... replay-benchmark --fold-only [--shards N]`).
let keptDirectory = ProcessInfo.processInfo.environment["BENCH_DIR"]
let workRoot = keptDirectory ?? NSTemporaryDirectory() + "avosync-replay-bench-\(getpid())"
if let keptDirectory, CommandLine.arguments.contains("--fold-only") {
    for run in 1...runs {
        var loader = ProjectionLoader(layout: DataLayout(root: keptDirectory))
        loader.useSnapshots = false
        loader.snapshotInterval = 0
        loader.shards = option("--shards", default: loader.shards)
        var events: UInt64 = 0
        let seconds = try timed { events = try loader.load().foldedEvents }
        say(
            String(
                format: "fold %d: %d events in %.3f s, %.0f events/s",
                run,
                events,
                seconds,
                Double(events) / seconds
            )
        )
    }
    exit(0)
}

var reports: [ReplayReport] = []
for contacts in contactCounts {
    let run = ReplayRun(
        root: contactCounts.count > 1 && keptDirectory != nil ? workRoot + "/\(contacts)" : workRoot,
        keep: keptDirectory != nil,
        workload: Workload(accounts: accountCount, contacts: contacts),
        events: eventCount,
        runs: runs
    )
    reports.append(try run.measure())
}
for report in reports { report.print() }
