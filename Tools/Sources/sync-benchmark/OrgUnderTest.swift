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

    private func admin(_ method: String, _ path: String, _ body: String? = nil) async -> [String: Any] {
        let response = await emulator.respond(
            to: APIRequest(
                method: method,
                target: path,
                headers: ["Content-Type": "application/json"],
                body: Data((body ?? "").utf8)
            )
        )
        return (response.body.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]) ?? [:]
    }

    /// Back to the fixture's records, no faults.
    func reset() async {
        _ = await admin("POST", "/__emulator/reset")
        _ = await admin("DELETE", "/__emulator/faults")
    }

    /// Adds `milliseconds` to every API call.
    func latency(_ milliseconds: Int) async {
        _ = await admin(
            "POST",
            "/__emulator/faults",
            #"{"latency_ms": {"min": \#(milliseconds), "max": \#(milliseconds)}}"#
        )
    }

    /// API requests counted so far.
    func apiRequests() async -> Int { (await admin("GET", "/__emulator/stats")["api_requests"] as? Int) ?? -1 }

    /// Tasks in the org.
    func taskCount() async -> Int {
        ((await admin("GET", "/__emulator/stats")["records"] as? [String: Any])?["Task"] as? Int) ?? -1
    }

    /// A fresh data directory connected to the org the way `avosync connect` does it, holding `events`.
    func dataDirectory(account: String, events: [Event]) async throws -> DataLayout {
        let root = NSTemporaryDirectory() + "avosync-sync-bench-\(UUID().uuidString)"
        let layout = DataLayout(root: root)
        let client = try SalesforceClient(credentials: credentials, transport: HTTPTransport())
        let session = try await client.signIn()
        let version = try await client.negotiateVersion()
        await client.shutdown()
        try CredentialsStore(layout: layout).save(
            StoredCredentials(
                environment: "production",
                loginURL: baseURL,
                clientID: credentials.clientID,
                clientSecret: credentials.clientSecret,
                refreshToken: credentials.refreshToken,
                instanceURL: session.instanceURL.absoluteString,
                apiVersion: version,
                caFile: nil,
                orgID: session.orgID
            ),
            for: account
        )
        let writer = try LogWriter(directory: layout.events)
        let connected = Event(
            id: "connected",
            account: account,
            at: EventTime(seconds: 1_763_999_999),
            payload: .salesforceConnected(
                SalesforceConnection(environment: .production, instanceURL: session.instanceURL.absoluteString)
            )
        )
        _ = try writer.append(contentsOf: ([connected] + events).map(StoredEncoding.encode))
        try writer.close()
        return layout
    }

    var credentials: OAuthCredentials {
        OAuthCredentials(
            loginURL: URL(string: baseURL)!,
            clientID: "avosync-demo",
            clientSecret: "demo-secret",
            refreshToken: "demo-refresh-token"
        )
    }
}
