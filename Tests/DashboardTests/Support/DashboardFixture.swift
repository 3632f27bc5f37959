import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator

/// A running `avosync serve` with its dashboard, fed with the demo's scenarios (played by
/// `avosync demo` into its data directory) and one more account, connected to an emulator child,
/// whose events the service takes over HTTP and dispatches while the tests look: one of them
/// is refused for good, so the dashboard has a dead letter to show.
final class DashboardFixture: Sendable {
    static let token = "dashboard-token-0123456789abcdef"
    /// The connected app's secret and the refresh token of the extra account: no page may show them.
    static let clientSecret = "demo-secret"
    static let refreshToken = "demo-refresh-token"
    static let account = "dead-letter-shop"

    let directory: String
    let data: String
    let tokensFile: String
    let emulator: EmulatorProcess
    let serve: ServeProcess
    /// The scoped tokens made for the fixture with `avosync tokens create`, by name.
    let scopedTokens: [String: String]

    var baseURL: String { serve.baseURL }

    private init(directory: String, emulator: EmulatorProcess, serve: ServeProcess, scopedTokens: [String: String]) {
        self.directory = directory
        data = directory + "/data"
        tokensFile = directory + "/tokens"
        self.emulator = emulator
        self.serve = serve
        self.scopedTokens = scopedTokens
    }

    /// Plays the demo, connects the extra account, starts the service (over HTTPS with `tls`)
    /// and posts the extra account's events, waiting until Salesforce's refusal is recorded.
    /// Beside the fixture's bare token (every account and role), the tokens file holds a token
    /// made with `avosync tokens create` for each of `scoped`.
    static func start(
        tls: SelfSignedCertificate? = nil,
        scoped: [(name: String, accounts: String, roles: String)] = [],
        serveArguments: [String] = [],
        in directory: String = makeTemporaryDirectory()
    ) async throws
        -> DashboardFixture
    {
        let data = directory + "/data"
        let demo = try await ChildProcess.run("avosync", ["demo", "--data", data])
        guard demo.status == 0 else { throw HarnessError("the demo failed (\(demo.status)): \(demo.errors)") }
        let emulator = try EmulatorProcess()
        try (clientSecret + "\n").write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try (refreshToken + "\n").write(toFile: directory + "/refresh", atomically: true, encoding: .utf8)
        let connect = try await ChildProcess.run(
            "avosync",
            [
                "connect", "--account", account, "--environment", "production", "--client-id", "avosync-demo",
                "--client-secret-file", directory + "/secret", "--refresh-token-file", directory + "/refresh",
                "--login-url", emulator.baseURL, "--data", data,
            ]
        )
        guard connect.status == 0 else { throw HarnessError("connect failed (\(connect.status)): \(connect.errors)") }
        let tokensFile = try writeTokens([token], to: directory + "/tokens")
        let scopedTokens = try await createTokens(scoped, in: tokensFile)
        var arguments = ["--poll-interval", "86400", "--test-chart-sample-ms", "250"] + serveArguments
        if let tls { arguments += ["--tls-cert", tls.certificate, "--tls-key", tls.privateKey] }
        let serve = try await ServeProcess(data: data, tokensFile: tokensFile, arguments: arguments)
        let fixture = DashboardFixture(
            directory: directory,
            emulator: emulator,
            serve: serve,
            scopedTokens: scopedTokens
        )
        do {
            try await fixture.feed(insecure: tls != nil)
        } catch {
            await fixture.stop()
            throw error
        }
        return fixture
    }

    /// Posts the extra account's events and waits for the dispatcher's dead letter.
    private func feed(insecure: Bool) async throws {
        let client = DashboardClient(baseURL: baseURL, acceptsAnyCertificate: insecure)
        do {
            try await post(with: client)
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw error
        }
    }

    private func post(with client: DashboardClient) async throws {
        let tooLong = String(repeating: "x", count: 300)
        let lines = [
            #"{"type":"custom_field.defined","account":"\#(Self.account)","at":"2026-11-01T00:01:00Z","key":"favorite_food","label":"Favorite food","salesforce_field":"FavoriteFood__c"}"#,
            #"{"type":"contact.upserted","account":"\#(Self.account)","at":"2026-11-01T00:02:00Z","contact":"bad","fields":{"phone":"4155550102"},"custom_fields":{"favorite_food":"\#(tooLong)"}}"#,
            #"{"type":"text.logged","account":"\#(Self.account)","at":"2026-11-01T00:03:00Z","contact":"bad","direction":"inbound","body":"this Task still lands"}"#,
            #"{"type":"contact.upserted","account":"\#(Self.account)","at":"2026-11-01T00:04:00Z","contact":"good","fields":{"phone":"4155550103"},"custom_fields":{"favorite_food":"Soup"}}"#,
        ]
        let posted = try await client.send(
            "POST",
            "/v1/events",
            body: lines.joined(separator: "\n") + "\n",
            headers: ["Authorization": "Bearer \(Self.token)", "Content-Type": "application/x-ndjson"]
        )
        guard posted.status == 200 else { throw HarnessError("posting events: \(posted.status) \(posted.text)") }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let status = try await statusJSON()
            let account = status["accounts"]?.arrayValue?.first { $0["account"]?.stringValue == Self.account }
            if account?["pending_events"]?.doubleValue == 0, account?["dead_letters"]?.doubleValue == 1 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw HarnessError("no dead letter for \(Self.account) within a minute: \(serve.process.errorOutput)")
    }

    /// `avosync status --json` of the service's data directory.
    func statusJSON() async throws -> JSON {
        let run = try await ChildProcess.run("avosync", ["status", "--json", "--data", data])
        guard run.status == 0, let json = JSON.parse(Data(run.output)) else {
            throw HarnessError("status --json failed (\(run.status)): \(run.errors)")
        }
        return json
    }

    /// Runs `body` with a started fixture and a client of it, and stops both however it ends.
    static func with(
        tls: Bool = false,
        scoped: [(name: String, accounts: String, roles: String)] = [],
        serveArguments: [String] = [],
        _ body: (DashboardFixture, DashboardClient) async throws -> Void
    ) async throws {
        let directory = makeTemporaryDirectory()
        let certificate = try tls ? SelfSignedCertificate(in: directory) : nil
        let fixture = try await start(tls: certificate, scoped: scoped, serveArguments: serveArguments, in: directory)
        let client = DashboardClient(baseURL: fixture.baseURL, acceptsAnyCertificate: tls)
        do {
            try await body(fixture, client)
        } catch {
            await client.shutdown()
            await fixture.stop()
            throw error
        }
        await client.shutdown()
        await fixture.stop()
    }

    /// Stops the service and the emulator, and removes the directory.
    func stop() async {
        _ = await serve.stop()
        _ = emulator.stop()
        removeTree(directory)
    }
}
