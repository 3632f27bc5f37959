import BenchmarkSupport
import EventLog
import Foundation
import Projection
import SyncModel

// Generates a log of N events over C contacts and A accounts, then measures in one run:
// folding it from zero (events/s, against `lz4 -dc` on the same segment bytes), the memory the
// projection takes as the fold goes, writing a snapshot, and restarting from it.

let eventCount = option("--events", default: 10_000_000)
let contactCount = option("--contacts", default: 100_000)
let accountCount = option("--accounts", default: 1_000)
let runs = option("--runs", default: 3)
let workRoot =
    ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory() + "avosync-replay-bench-\(getpid())"
try? FileManager.default.removeItem(atPath: workRoot)
let layout = DataLayout(root: workRoot)
defer { try? FileManager.default.removeItem(atPath: workRoot) }

// 1. The log.
print("writing \(eventCount) events over \(contactCount) contacts and \(accountCount) accounts to \(workRoot)...")
let workload = Workload(accounts: accountCount, contacts: contactCount)
var configuration = LogConfiguration()
configuration.durability = .os
var storedBytes = 0
let writeSeconds = try timed {
    let writer = try LogWriter(directory: layout.events, configuration: configuration)
    for chunk in stride(from: 0, to: eventCount, by: 100_000) {
        let records = (chunk..<min(chunk + 100_000, eventCount)).map { StoredEncoding.encode(workload.event($0)) }
        storedBytes += records.reduce(0) { $0 + $1.count }
        try writer.append(contentsOf: records)
    }
    try writer.close()
}
let segments = try FileManager.default.contentsOfDirectory(atPath: layout.events).filter { $0.hasSuffix(".log") }
    .sorted()
let concatenated = workRoot + "/all-segments.lz4"
_ = FileManager.default.createFile(atPath: concatenated, contents: nil)
let output = try FileHandle(forWritingTo: URL(fileURLWithPath: concatenated))
for segment in segments { output.write(try Data(contentsOf: URL(fileURLWithPath: layout.events + "/" + segment))) }
try output.close()
let logBytes = (try FileManager.default.attributesOfItem(atPath: concatenated)[.size] as? Int) ?? 0
print(
    String(
        format: "  %d stored bytes (%.1f per event), %d bytes on disk in %d segments (ratio %.2f), written in %.1f s\n",
        storedBytes,
        Double(storedBytes) / Double(eventCount),
        logBytes,
        segments.count,
        Double(storedBytes) / Double(logBytes),
        writeSeconds
    )
)

// 2. The baseline: the stock lz4 tool decompressing the same bytes.
var lz4Seconds: [Double] = []
for _ in 0..<runs { lz4Seconds.append(try CodecBaseline.decompress(concatenated)) }
try FileManager.default.removeItem(atPath: concatenated)

// 3. Where a fold's time goes: reading verified batches alone, then decoding what the fold needs.
var readSeconds: [Double] = []
var decodeSeconds: [Double] = []
for _ in 0..<runs {
    readSeconds.append(
        try timed {
            let cursor = try LogCursor(directory: layout.events)
            var count = 0
            while let batch = try cursor.nextBatch() { count += batch.count }
            guard count == eventCount else { throw BenchmarkError("read \(count) of \(eventCount) events") }
        }
    )
    decodeSeconds.append(
        try timed {
            let cursor = try LogCursor(directory: layout.events)
            var activities = 0
            while let batch = try cursor.nextBatch() {
                try batch.forEachRecord { _, bytes in
                    if case .activity = try StoredEncoding.foldView(bytes) { activities += 1 }
                }
            }
            guard activities > 0 else { throw BenchmarkError("no activities decoded") }
        }
    )
}

// 4. Folding from zero, with memory sampled along the way.
var foldSeconds: [Double] = []
var samples: [(events: UInt64, resident: Int)] = []
var state = ProjectionState()
var peakGrowth = 0
for run in 0..<runs {
    var loader = ProjectionLoader(layout: layout)
    loader.useSnapshots = false
    loader.snapshotInterval = 0
    let sampleEvery = UInt64(max(eventCount / 5, 1))
    let sampler = MemorySampler(every: sampleEvery)
    if run == 0 { loader.progress = { sampler.sample($0) } }
    ProcessMemory.resetPeak()
    let before = ProcessMemory.resident
    var result: ProjectionLoader.Result?
    foldSeconds.append(try timed { result = try loader.load() })
    if run == 0 {
        samples = sampler.samples.map { ($0.events, $0.resident - before) }
        peakGrowth = ProcessMemory.peak - before
    }
    state = result?.state ?? state
}
let contactsSeen = state.accounts.values.reduce(0) { $0 + $1.contacts.count }

// 5. A snapshot, and restarts from it.
let store = SnapshotStore(layout: layout)
var snapshotFile: SnapshotStore.File?
let saveSeconds = try timed { snapshotFile = try store.save(state) }
let snapshotBytes = (try FileManager.default.attributesOfItem(atPath: snapshotFile?.path ?? "")[.size] as? Int) ?? 0
var restartSeconds: [Double] = []
for _ in 0..<runs {
    var loader = ProjectionLoader(layout: layout)
    loader.snapshotInterval = 0
    var restarted: ProjectionLoader.Result?
    restartSeconds.append(try timed { restarted = try loader.load() })
    guard restarted?.startedFrom == snapshotFile, restarted?.state == state else {
        throw BenchmarkError("the restart did not start from the snapshot or gave another state")
    }
}

// 6. Report.
let fold = median(foldSeconds)
let lz4 = median(lz4Seconds)
print("results (median of \(runs) runs)")
print(String(format: "  fold from zero          %8.3f s  %12.0f events/s", fold, Double(eventCount) / fold))
print(String(format: "  lz4 -dc, same bytes     %8.3f s  %12.0f events/s", lz4, Double(eventCount) / lz4))
print(String(format: "  fold / lz4 -dc          %8.3f    (goal: at least 0.25)", lz4 / fold))
let read = median(readSeconds)
let decode = median(decodeSeconds)
print(String(format: "  of which: read batches %8.3f s  %12.0f events/s", read, Double(eventCount) / read))
print(String(format: "            + decode     %8.3f s  %12.0f events/s", decode, Double(eventCount) / decode))
print("  memory growth during the first fold (resident, over the process before it):")
for sample in samples {
    print(String(format: "    after %10d events  %8.1f MiB", sample.events, Double(sample.resident) / 1_048_576))
}
print(
    String(
        format: "    peak                   %8.1f MiB for %d contacts (%.0f bytes per contact)",
        Double(peakGrowth) / 1_048_576,
        contactsSeen,
        Double(peakGrowth) / Double(max(contactsSeen, 1))
    )
)
print(String(format: "  snapshot write          %8.3f s  (%d bytes)", saveSeconds, snapshotBytes))
print(String(format: "  restart from snapshot   %8.3f s  (goal: under 1 s)", median(restartSeconds)))
