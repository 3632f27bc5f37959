import BenchmarkFixtures
import BenchmarkSupport
import Dispatcher
import EventLog
import Foundation
import Logging
import Projection
import SalesforceClient
import SalesforceEmulator
import SyncModel
import Synchronization

// Two-way sync's polling cost, with `--records` (10,000) contacts linked to Leads that were
// written an hour ago: the calls and time of a poll when nothing changed, when `--changed` (100)
// records were edited by a person since the last poll, and when all of them were; next to the
// baseline of re-reading every linked record by id (200 ids a query) on every poll.

let records = option("--records", default: 10_000)
let changed = option("--changed", default: 100)
let latency = option("--latency", default: 0)

func format(_ value: Double) -> String {
    value.isNaN ? "-" : value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
}

/// The org's clock: an hour behind while the records are written, then on time.
let shift = Mutex<TimeInterval>(-3600)
let fixture = try {
    var fixture = try OrgFixture.load(contentsOf: BenchmarkFixtures.standardOrg)
    fixture.organization.dailyAPIRequests = 10_000_000
    return fixture
}()
let emulator = try SalesforceEmulator(fixture: fixture) { Date().addingTimeInterval(shift.withLock { $0 }) }
let served = try await LoopbackEmulator(serving: emulator)
if latency > 0 { await emulator.addLatency(milliseconds: latency) }

func queries() async -> Int {
    let byResource = await emulator.stats()["by_resource"] as? [String: Int] ?? [:]
    return (byResource["queryAll"] ?? 0) + (byResource["query"] ?? 0)
}

func requests() async -> Int { (await emulator.stats()["api_requests"] as? Int) ?? -1 }

// The account and its contacts, synced forward once: one Lead each.
let root = NSTemporaryDirectory() + "avosync-capture-bench-\(UUID().uuidString)"
let layout = DataLayout(root: root)
let connection = try await StandardConnection.signIn(served.baseURL)
try CredentialsStore(layout: layout).save(connection.credentials, for: "bench")
var events = [
    Event(
        id: "connected",
        account: "bench",
        at: EventTime(seconds: 1_763_999_999),
        payload: .salesforceConnected(connection.connection)
    )
]
for index in 0..<records {
    var fields = ContactFieldMap<String?>()
    fields[.phone] = .some("+1628" + String(format: "%07d", index))
    fields[.firstName] = .some("Contact")
    fields[.lastName] = .some("Number \(index)")
    fields[.email] = .some("contact\(index)@avochato.example")
    events.append(
        Event(
            id: "c\(index)",
            account: "bench",
            at: EventTime(seconds: 1_764_000_000 + Int64(index)),
            payload: .contactUpserted(ContactUpsert(contact: "c\(index)", fields: fields))
        )
    )
}
let writer = try LogWriter(directory: layout.events)
try writer.append(contentsOf: events.map(StoredEncoding.encode))
try writer.close()

let logger = {
    var logger = Logger(label: "capture-benchmark")
    logger.logLevel = .warning
    return logger
}()

/// One `sync --once`: dispatch, poll, dispatch what came back.
func syncOnce() async throws -> (report: DispatchReport, seconds: Double, queries: Int, requests: Int) {
    let (queriesBefore, requestsBefore) = (await queries(), await requests())
    let dispatcher = try Dispatcher(layout: layout, logger: logger)
    let start = ContinuousClock.now
    let report = try await dispatcher.runOnce()
    let seconds = (ContinuousClock.now - start).seconds
    await dispatcher.close()
    return (report, seconds, await queries() - queriesBefore, await requests() - requestsBefore)
}

let forward = try await syncOnce()
let state = try ProjectionLoader(layout: layout).load().state.account("bench")
let leads = state.contacts.values.compactMap(\.link).filter { $0.object == "Lead" }.map(\.id).sorted()
guard leads.count == records else { throw BenchmarkError("\(leads.count) of \(records) contacts linked to Leads") }
print(
    "capture-benchmark: \(records) contacts linked to Leads (forward: \(format(forward.seconds)) s, \(forward.requests) requests), \(latency) ms added per call"
)
shift.withLock { $0 = 0 }
let person = try await PersonAtTheOrg(emulator)

// The baseline: every poll reads every linked record again, 200 ids a query.
let client = try SalesforceClient(credentials: StandardConnection.login(served.baseURL), transport: HTTPTransport())
_ = try await client.signIn()
func baselinePoll() async throws -> (seconds: Double, queries: Int) {
    let before = await queries()
    let start = ContinuousClock.now
    var read = 0
    for chunk in stride(from: 0, to: leads.count, by: 200) {
        let ids = leads[chunk..<min(leads.count, chunk + 200)].map { SOQLLiteral.string($0) }
        read += try await client.query(
            SOQLQuery(
                select: ["Id", "Email", "FirstName", "LastName", "Phone", "SystemModstamp"].map { try APIName($0) },
                from: try APIName("Lead"),
                where: .isIn(try APIName("Id"), ids)
            )
        ).count
    }
    guard read == leads.count else { throw BenchmarkError("the baseline read \(read) records") }
    return ((ContinuousClock.now - start).seconds, await queries() - before)
}

print("")
print("| poll | avosync: calls | avosync: time | brought back | re-read every record: calls | time | calls ratio |")
print("| --- | --- | --- | --- | --- | --- | --- |")
func row(_ name: String, expect: Int) async throws {
    let ours = try await syncOnce()
    guard ours.report.broughtBack == expect else {
        throw BenchmarkError("\(name): \(ours.report.broughtBack) changes brought back, expected \(expect)")
    }
    let baseline = try await baselinePoll()
    print(
        "| \(name) | \(ours.queries) (\(ours.requests) requests in all) | \(format(ours.seconds * 1000)) ms | \(ours.report.broughtBack) | \(baseline.queries) | \(format(baseline.seconds * 1000)) ms | \(format(Double(baseline.queries) / Double(max(1, ours.queries))))x fewer |"
    )
}
try await row("nothing changed", expect: 0)
try await person.editEmails(of: Array(leads.prefix(changed)), round: 1)
try await row("\(changed) changed by a person", expect: changed)
try await row("nothing changed again", expect: 0)
try await person.editEmails(of: leads, round: 2)
let all = try await syncOnce()
guard all.report.broughtBack == records else {
    throw BenchmarkError("\(all.report.broughtBack) of \(records) changes brought back")
}
print(
    "| all \(records) changed by a person | \(all.queries) | \(format(all.seconds * 1000)) ms | \(all.report.broughtBack) (\(Int(Double(records) / all.seconds)) changes/s) | | | |"
)
await client.shutdown()
await served.stop()
try? FileManager.default.removeItem(atPath: root)
