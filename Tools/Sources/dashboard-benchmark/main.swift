import Access
import AsyncHTTPClient
import BenchmarkSupport
import Dashboard
import Foundation
import Ingest
import IngestService
import Logging
import Projection
import Reports
import ServiceLifecycle
import Synchronization

// What the dashboard's pages cost on a large data directory, beside the baseline of what
// `avosync status` does for every call (load the projection from the newest snapshot plus the
// rest of the logs, then build the report), measured in the same process on the same data.

let contacts = option("--contacts", default: 1_000_000)
let accounts = option("--accounts", default: 100)
let requests = option("--requests", default: 20)
let more = option("--more-events", default: 10_000)

let kept = ProcessInfo.processInfo.environment["BENCH_DIR"]
let directory = kept ?? NSTemporaryDirectory() + "avosync-dashboard-benchmark-\(getpid())"
let data = directory + "/data"
let layout = DataLayout(root: data)
if !FileManager.default.fileExists(atPath: data + "/events") {
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    var events = 0
    let seconds = try timed { events = try Workload.write(data, contacts: contacts, accounts: accounts) }
    say("wrote \(events) events (\(contacts) contacts, \(accounts) accounts) in \(String(format: "%.1f", seconds)) s")
}
defer { if kept == nil { try? FileManager.default.removeItem(atPath: directory) } }

// The baseline: `status`'s load and report. The first load leaves a snapshot, as `status` does.
func statusOnce() throws -> Int {
    let state = try ProjectionLoader(layout: layout).load().state
    return try StatusReport(layout: layout, state: state).accounts.count
}
let statusCold = try timed { _ = try statusOnce() }
let statusWarm = median(try (0..<3).map { _ in try timed { _ = try statusOnce() } })

// The dashboard, served as `serve --no-sync` serves it.
let token = "benchmark-token-0123456789abcdef"
try (token + "\n").write(toFile: directory + "/tokens", atomically: true, encoding: .utf8)
let tokens = try TokenStore(path: directory + "/tokens")
let logger = Logger(label: "dashboard-benchmark")
let ingest = try IngestLog(directory: layout.events, options: IngestLog.Options())
let dashboard = Dashboard(
    layout: layout,
    tokens: tokens,
    history: nil,
    dispatching: false,
    secureCookies: false,
    logger: logger
)
let url = Mutex<String?>(nil)
let server = try IngestServer(
    ingest: ingest,
    tokens: tokens,
    readiness: Readiness(dispatching: false),
    host: "127.0.0.1",
    port: 0,
    tls: nil,
    logger: logger,
    routes: { dashboard.register(on: $0) }
) { address in url.withLock { $0 = address } }
let group = ServiceGroup(services: [server], logger: logger)
let running = Task { try await group.run() }
while url.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
let base = url.withLock { $0 }!
let client = HTTPClient(eventLoopGroupProvider: .singleton)

func get(_ path: String) async throws -> Double {
    var request = HTTPClientRequest(url: base + path)
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    let started = ContinuousClock.now
    let response = try await client.execute(request, timeout: .seconds(600))
    let body = try await response.body.collect(upTo: 64 << 20)
    guard response.status.code == 200 else {
        throw BenchmarkError("\(path): \(response.status.code) \(String(buffer: body).prefix(200))")
    }
    return (ContinuousClock.now - started).seconds
}

func times(_ path: String, _ count: Int) async throws -> [Double] {
    var all: [Double] = []
    for _ in 0..<count { all.append(try await get(path)) }
    return all.sorted()
}

let overviewCold = try await get("/ui/")
let overviewWarm = try await times("/ui/", requests)
var post = HTTPClientRequest(url: base + "/v1/events")
post.method = .POST
post.headers.add(name: "Authorization", value: "Bearer \(token)")
post.headers.add(name: "Content-Type", value: "application/x-ndjson")
post.body = .bytes(Array(Workload.texts(more, accounts: accounts, from: contacts).utf8))
let posted = try await client.execute(post, timeout: .seconds(600))
guard posted.status.code == 200 else { throw BenchmarkError("posting \(more) events: \(posted.status.code)") }
let overviewAfterGrowth = try await get("/ui/")
let account = try await times("/ui/accounts/acct-7", 5)
let contact = try await times("/ui/accounts/acct-7/contacts/c-7", 3)
let log = try await times("/ui/log?account=acct-7", 5)
let resident = ProcessMemory.resident
// The contact page's two reads of the logs, each on its own.
let provenanceScan = try timed { _ = try FieldProvenance.read(layout, account: "acct-7", contact: "c-7") }
let historyScan = try timed {
    var query = AuditQuery()
    query.account = "acct-7"
    query.contact = "c-7"
    query.includeSync = true
    let reader = try AuditReader(layout: layout, query: query)
    while try reader.next() != nil {}
}

try await client.shutdown()
await group.triggerGracefulShutdown()
try await running.value
try ingest.close()

func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
func p90(_ sorted: [Double]) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.9))] }
say("")
say("dashboard-benchmark: \(contacts) contacts over \(accounts) accounts (release, this machine)")
say(
    "  baseline, status's load and report: first \(ms(statusCold)) (folds the logs, leaves a snapshot); then \(ms(statusWarm)) each (median of 3)"
)
say("  overview, first request:            \(ms(overviewCold)) (the snapshot and the rest of the logs)")
say(
    "  overview, then:                     median \(ms(median(overviewWarm))), p90 \(ms(p90(overviewWarm))) over \(requests); \(String(format: "%.3f", median(overviewWarm) / statusWarm)) of status's"
)
say("  overview after \(more) more events:   \(ms(overviewAfterGrowth)) (folds only what was appended)")
say("  account page:                       median \(ms(median(account))) (reads the outcomes of the last 5,000 events)")
say("  contact page:                       median \(ms(median(contact))) (reads both logs for its history)")
say("    of which field provenance:       \(ms(provenanceScan)); history across both logs: \(ms(historyScan))")
say("  log page (one account):             median \(ms(median(log)))")
say("  resident memory at the end:         \(resident / 1_048_576) MiB")
