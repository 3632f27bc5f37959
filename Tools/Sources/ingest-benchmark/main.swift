import BenchmarkSupport
import EventLog
import Foundation
import Ingest
import SyncModel

// One run, the same events three ways: the log's own durable append rate (the ceiling), ingest
// as `avosync append` does it (read, parse, validate, dedup, one durable append), and the
// service with concurrent clients posting requests of JSON lines (latency too).

if let directory = WindowMeasure.childDirectory {
    print(try WindowMeasure.measure(directory: directory))
    exit(0)
}

let eventCount = option("--events", default: 1_000_000)
let accountCount = option("--accounts", default: 100)
let clientCount = option("--clients", default: 8)
let requestEvents = option("--request-events", default: 1_000)
let serveRounds = option("--serve-rounds", default: 3)
let workRoot = ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory() + "avosync-ingest-\(getpid())"
try? FileManager.default.removeItem(atPath: workRoot)
try FileManager.default.createDirectory(atPath: workRoot, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: workRoot) }

print("generating \(eventCount) JSON lines over \(accountCount) accounts...")
let lines = SampleLines.generate(count: eventCount, accounts: accountCount)
let file = workRoot + "/events.ndjson"
let text = Data((lines.joined(separator: "\n") + "\n").utf8)
try text.write(to: URL(fileURLWithPath: file))
print("\(eventCount) lines, \(text.count / eventCount) bytes on average, in \(workRoot)\n")
var report = IngestReport(events: eventCount, bytes: text.count)

// Parse and validate alone: where ingest's time goes, not figures with goals. Then the ceiling:
// the same events, already encoded, appended durably 1,000 at a time. In a scope of their own, so
// that their memory is given back before `append` is measured.
do {
    var validator = IngestValidator { _ in .unitedStates }
    var validated = ValidatedEvents()
    let validateSeconds = timed { validated = text.withUnsafeBytes { validator.validate(lines: $0) } }
    guard validated.problems.isEmpty, validated.events.count == eventCount else {
        throw BenchmarkError("the sample lines do not validate: \(validated.problems.prefix(3))")
    }
    report.add("parse and validate only (1 thread, no I/O)", seconds: validateSeconds)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    var parallel = IngestValidator { _ in .unitedStates }
    let parallelSeconds = timed { _ = text.withUnsafeBytes { parallel.validate(lines: $0, threads: threads) } }
    report.add("parse and validate only (\(threads) threads, no I/O)", seconds: parallelSeconds)

    let records = validated.events.map(StoredEncoding.encode)
    validated = ValidatedEvents()
    let logSeconds = try timed {
        let writer = try LogWriter(directory: workRoot + "/log-only")
        for start in stride(from: 0, to: records.count, by: 1000) {
            try writer.append(contentsOf: Array(records[start..<min(start + 1000, records.count)]))
        }
        try writer.close()
    }
    report.add("log: durable append, 1,000 a batch", seconds: logSeconds)
}

// `avosync append FILE`: what the command does, in this process.
var appendParts: (open: Double, validate: Double, write: Double) = (0, 0, 0)
let appendSeconds = try timed {
    var ingest: IngestLog!
    appendParts.open = try timed { ingest = try IngestLog(directory: workRoot + "/append/events") }
    let contents = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
    let countries = ingest.countries
    var validator = IngestValidator { countries[$0] ?? .unitedStates }
    var validated = ValidatedEvents()
    appendParts.validate = timed {
        validated = contents.withUnsafeBytes {
            validator.validate(lines: $0, threads: ProcessInfo.processInfo.activeProcessorCount)
        }
    }
    var receipt: IngestReceipt!
    appendParts.write = try timed { receipt = try ingest.append(validated.events, appendedBy: Appender.commandLine) }
    guard receipt.appended.count == eventCount else { throw BenchmarkError("append kept \(receipt.appended.count)") }
    try ingest.close()
}
report.add(
    "append: a \(eventCount)-line file",
    seconds: appendSeconds,
    note: String(
        format: "open %.2f s, validate %.2f s, dedup and write %.2f s",
        appendParts.open,
        appendParts.validate,
        appendParts.write
    )
)

// The dedup window rebuilt from that log, as every start of a writer does, measured in a fresh
// process of this program (here, memory freed by the stages above would be reused unseen).
let window = try WindowMeasure.inChildProcess(directory: workRoot + "/append/events")

if CommandLine.arguments.contains("--skip-serve") {
    report.printTable()
    exit(0)
}
// The service, posting with a full-access token and with a scoped one, round after round in
// alternating order (so that neither always runs on a warmer or cooler machine); the median of
// each is reported, and their ratio.
var serveRuns: [ServeRun.TokenKind: [ServeRun.Result]] = [:]
for round in 0..<serveRounds {
    let order = round % 2 == 0 ? ServeRun.TokenKind.allCases : ServeRun.TokenKind.allCases.reversed()
    for kind in order {
        let result = try await ServeRun.run(
            lines: lines,
            accounts: accountCount,
            token: kind,
            directory: workRoot + "/serve-\(round)-\(kind == .scoped ? "scoped" : "full")",
            clients: clientCount,
            requestEvents: requestEvents
        )
        print(
            String(
                format: "  round %d, %@: %.3f s, %.0f events/s",
                round + 1,
                kind.rawValue,
                result.seconds,
                Double(eventCount) / result.seconds
            )
        )
        serveRuns[kind, default: []].append(result)
    }
}
for kind in ServeRun.TokenKind.allCases {
    let runs = serveRuns[kind, default: []].sorted { $0.seconds < $1.seconds }
    let median = runs[runs.count / 2]
    report.add(
        "serve, \(kind.rawValue)",
        seconds: median.seconds,
        note: String(
            format: "%d clients, %d events a request; median of %d; p50 %.1f ms, p99 %.1f ms",
            clientCount,
            requestEvents,
            runs.count,
            median.p50 * 1000,
            median.p99 * 1000
        )
    )
}

report.printTable()
print("")
report.printRatio("append / log durable append", "append:", "log:", goal: 0.25)
report.printRatio("serve (full-access token) / append", "serve, full", "append:", goal: 0.5)
report.printRatio("serve, scoped token / full-access token", "serve, scoped", "serve, full", goal: 0.95)
print("dedup window rebuilt from the log: \(window)")
