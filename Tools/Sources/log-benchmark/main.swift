import BenchmarkSupport
import EventLog
import Foundation

// Appends the same ~200-byte events to avosync's log (fsync and os policies) and to SQLite (WAL,
// one transaction per batch), reads them back, and times the stock lz4 tool on the same bytes.
// Prints throughput and the ratios the issue sets goals for.

let eventCount = option("--events", default: 2_000_000)
let batchSize = option("--batch", default: 1_000)
let appenders = option("--appenders", default: 4)
/// `--log-only`: skip the baselines (for profiling the log alone).
let logOnly = CommandLine.arguments.contains("--log-only")
let workRoot = ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory() + "avosync-bench-\(getpid())"
try? FileManager.default.removeItem(atPath: workRoot)
try FileManager.default.createDirectory(atPath: workRoot, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: workRoot) }

print("generating \(eventCount) events...")
let events = (0..<eventCount).map(SampleEvents.event)
let eventBytes = events.reduce(0) { $0 + $1.count }
let batches = stride(from: 0, to: eventCount, by: batchSize).map { Array(events[$0..<min($0 + batchSize, eventCount)]) }
print("\(eventCount) events, \(eventBytes / eventCount) bytes on average, \(batchSize) per batch, in \(workRoot)\n")

var report = BenchmarkReport(events: eventCount, bytes: eventBytes)

/// Appends every batch to a new log in `directory`; returns the seconds taken.
func timeAppends(
    _ batches: [[[UInt8]]],
    to directory: String,
    durability: LogConfiguration.Durability,
    threads: Int
) throws -> Double {
    var configuration = LogConfiguration()
    configuration.durability = durability
    let writer = try LogWriter(directory: directory, configuration: configuration)
    let clock = ContinuousClock()
    let start = clock.now
    if threads == 1 {
        for batch in batches { try writer.append(contentsOf: batch) }
    } else {
        // Several appenders, as several ingest connections would be: they share fsyncs.
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in stride(from: thread, to: batches.count, by: threads) {
                try! writer.append(contentsOf: batches[index])
            }
        }
    }
    let seconds = (clock.now - start).seconds
    try writer.close()
    return seconds
}

let fsyncLog = workRoot + "/fsync-1"
for (name, durability, threads) in [
    ("fsync-1", LogConfiguration.Durability.fsync, 1), ("fsync-n", .fsync, appenders), ("os-1", .os, 1),
] {
    let seconds = try timeAppends(batches, to: workRoot + "/" + name, durability: durability, threads: threads)
    report.add(
        "avosync append, \(durability.rawValue), \(threads) appender\(threads == 1 ? "" : "s")",
        seconds: seconds
    )
}

if logOnly {
    let cursor = try LogCursor(directory: fsyncLog)
    while try cursor.nextBatch() != nil {}
    exit(0)
}

let sqlite = SQLiteBaseline(path: workRoot + "/events.sqlite", synchronous: "FULL")
report.add(
    "SQLite WAL insert, synchronous=FULL, \(batchSize) rows/tx",
    seconds: try sqlite.insert(events, batchSize: batchSize)
)
let sqliteRead = try sqlite.readAll()
report.add("SQLite read all rows", seconds: sqliteRead.seconds)

// Full-log read: every record handed out, verified and decompressed.
do {
    let clock = ContinuousClock()
    let start = clock.now
    let cursor = try LogCursor(directory: fsyncLog)
    var records = 0
    var bytes = 0
    while let batch = try cursor.nextBatch() {
        for record in batch { bytes += record.bytes.count }
        records += batch.count
    }
    precondition(records == eventCount && bytes == eventBytes, "read back \(records) records, \(bytes) bytes")
    report.add("avosync read all records", seconds: (clock.now - start).seconds)
}

let segmentBytes = try FileManager.default.contentsOfDirectory(atPath: fsyncLog).filter { $0.hasSuffix(".log") }
    .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: fsyncLog + "/" + $1)[.size] as? Int) ?? 0) }

let plain = workRoot + "/events.jsonl"
try Data(events.joined()).write(to: URL(fileURLWithPath: plain))
let compressedPlain = plain + ".lz4"
report.add(
    "lz4 -1 (compress the same bytes)",
    seconds: try CodecBaseline.compress(input: plain, output: compressedPlain)
)
report.add("lz4 -dc > /dev/null (decompress them)", seconds: try CodecBaseline.decompress(compressedPlain))
let lz4Bytes = (try FileManager.default.attributesOfItem(atPath: compressedPlain)[.size] as? Int) ?? 1

let latencies = try await TailLatency.measure(directory: workRoot + "/tail", records: 2_000)
func percentile(_ fraction: Double) -> Double {
    latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
}

report.printTable()
print("")
print(
    String(
        format: "compression ratio: avosync segments %.2f (%d -> %d bytes), lz4 -1 alone %.2f",
        Double(eventBytes) / Double(segmentBytes),
        eventBytes,
        segmentBytes,
        Double(eventBytes) / Double(lz4Bytes)
    )
)
report.printRatio(
    "durable append (fsync, 1 appender) / SQLite insert",
    "avosync append, fsync, 1 appender",
    "SQLite WAL insert",
    goal: 4
)
report.printRatio(
    "durable append (fsync, \(appenders) appenders) / SQLite insert",
    "avosync append, fsync, \(appenders) appenders",
    "SQLite WAL insert",
    goal: 4
)
report.printRatio(
    "durable append (fsync, 1 appender) / lz4 -1",
    "avosync append, fsync, 1 appender",
    "lz4 -1",
    goal: 0.5
)
report.printRatio(
    "durable append (fsync, \(appenders) appenders) / lz4 -1",
    "avosync append, fsync, \(appenders) appenders",
    "lz4 -1",
    goal: 0.5
)
report.printRatio("os append / lz4 -1", "avosync append, os", "lz4 -1", goal: nil)
report.printRatio("read / lz4 -dc", "avosync read", "lz4 -dc", goal: 1.0 / 3)
report.printRatio("read / SQLite read", "avosync read", "SQLite read", goal: nil)
print(
    String(
        format: "tail latency (append to a tail's receipt, %d records): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        latencies.count,
        percentile(0.5),
        percentile(0.99),
        latencies.last ?? 0
    )
)
