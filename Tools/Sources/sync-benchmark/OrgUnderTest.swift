import BenchmarkFixtures
import BenchmarkSupport
import Dispatcher
import EventLog
import Foundation
import Projection
import SalesforceClient
import SalesforceEmulator
import SyncModel

/// The emulator on loopback in this process, with the standard org plus the workload's known
/// records, and data directories connected to it.
final class OrgUnderTest: Sendable {
    private let served: LoopbackEmulator

    var emulator: SalesforceEmulator { served.emulator }
    var baseURL: String { served.baseURL }

    init(knownPhones: [String]) async throws {
        var fixture = try OrgFixture.load(contentsOf: BenchmarkFixtures.standardOrg)
        for (index, phone) in knownPhones.enumerated() {
            if index % 2 == 0 {
                fixture.records["Contact", default: []].append([
                    "LastName": .string("Known \(index)"), "Phone": .string(phone),
                ])
            } else {
                fixture.records["Lead", default: []].append(
                    ["LastName": .string("Known \(index)"), "Company": "Known Co", "MobilePhone": .string(phone)]
                )
            }
        }
        fixture.organization.dailyAPIRequests = 10_000_000
        served = try await LoopbackEmulator(serving: try SalesforceEmulator(fixture: fixture))
    }

    func stop() async {
        await served.stop()
    }

    /// Back to the fixture's records, no faults.
    func reset() async { await emulator.resetRecordsAndFaults() }

    /// Adds `milliseconds` to every API call.
    func latency(_ milliseconds: Int) async { await emulator.addLatency(milliseconds: milliseconds) }

    /// API requests counted so far.
    func apiRequests() async -> Int { (await emulator.stats()["api_requests"] as? Int) ?? -1 }

    /// Tasks in the org.
    func taskCount() async -> Int { ((await emulator.stats()["records"] as? [String: Any])?["Task"] as? Int) ?? -1 }

    /// A fresh data directory connected to the org the way `avosync connect` does it, holding `events`.
    func dataDirectory(account: String, events: [Event]) async throws -> DataLayout {
        let root = NSTemporaryDirectory() + "avosync-sync-bench-\(UUID().uuidString)"
        let layout = DataLayout(root: root)
        let connection = try await StandardConnection.signIn(baseURL)
        try CredentialsStore(layout: layout).save(connection.credentials, for: account)
        let writer = try LogWriter(directory: layout.events)
        let connected = Event(
            id: "connected",
            account: account,
            at: EventTime(seconds: 1_763_999_999),
            payload: .salesforceConnected(connection.connection)
        )
        _ = try writer.append(contentsOf: ([connected] + events).map(StoredEncoding.encode))
        try writer.close()
        return layout
    }

    var credentials: OAuthCredentials { StandardConnection.login(baseURL) }
}
