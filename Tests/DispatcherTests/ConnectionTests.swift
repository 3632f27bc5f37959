import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceClient
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 7, connection and settings; `connect`, `sync --follow`, pauses and the client's rules.
@Suite("Connection and operation")
struct ConnectionTests {
    @Test("credentials live in a mode 0600 file; no secret reaches output, errors or the logs")
    func secretsStayInTheCredentialsFile() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            let file = org.data + "/credentials/acme.json"
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.note("grace", "hi")])
            var outputs = [try await org.sync(["--log-level", "trace"])]
            outputs.append(try await org.avosync(["log", "--sync", "--json"]))
            outputs.append(try await org.avosync(["status", "--json"]))
            outputs.append(
                try await org.avosync([
                    "connect", "--account", "acme", "--environment", "production", "--client-id", "avosync-demo",
                    "--client-secret-file", org.directory + "/secret", "--refresh-token-file", org.directory + "/token",
                    "--login-url", org.baseURL,
                ])
            )
            for run in outputs {
                for secret in ["demo-secret", "demo-refresh-token"] {
                    #expect(!run.text.contains(secret) && !run.errors.contains(secret))
                }
            }
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("demo-secret"))
        }
    }

    @Test("a sandbox connection is recorded as one; Salesforce's sandbox logins go to test.salesforce.com")
    func sandboxConnection() async throws {
        #expect(LoginHost.sandbox.loginURL.host == "test.salesforce.com")
        #expect(LoginHost.production.loginURL.host == "login.salesforce.com")
        try await withHarness { org in
            try await org.connect("acme", environment: "sandbox")
            #expect(try org.state().account("acme").connection?.environment == .sandbox)
            let stored = try String(contentsOfFile: org.data + "/credentials/acme.json", encoding: .utf8)
            #expect(stored.contains(#""environment" : "sandbox""#))
        }
    }

    @Test("a rotated refresh token is stored at once, and the next sign-in uses it")
    func rotatedRefreshTokensArePersisted() async throws {
        try await withHarness(edit: Self.addRotatingApp) { org in
            try await org.connect("acme", client: "rotating-app", refreshToken: "rotating-token")
            let file = org.data + "/credentials/acme.json"
            let first = try Self.refreshToken(file)
            #expect(first != "rotating-token")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.note("grace", "hi")])
            try await org.sync()
            let second = try Self.refreshToken(file)
            #expect(second != first, "the sync's sign-in rotated it again, and it was stored")
            #expect(
                (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue
                    == 0o600
            )
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 1)
        }
    }

    /// A second connected app that rotates refresh tokens, and a token for it (the harness's own
    /// session keeps the standard app's token).
    static func addRotatingApp(_ fixture: inout OrgFixture) {
        var app = fixture.connectedApps[0]
        app.clientID = "rotating-app"
        app.rotateRefreshTokens = true
        fixture.connectedApps.append(app)
        var token = fixture.users[0].refreshTokens[0]
        token.token = "rotating-token"
        token.clientID = "rotating-app"
        fixture.users[0].refreshTokens.append(token)
    }

    static func refreshToken(_ file: String) throws -> String {
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        return object?["refresh_token"] as? String ?? ""
    }

    @Test("HTTPS is required for any host but loopback")
    func plainHTTPIsRefusedOffLoopback() async throws {
        try await withHarness { org in
            try "s\n".write(toFile: org.directory + "/secret", atomically: true, encoding: .utf8)
            let run = try await org.avosync([
                "connect", "--account", "acme", "--environment", "production", "--client-id", "x",
                "--client-secret-file",
                org.directory + "/secret", "--refresh-token-file", org.directory + "/secret", "--login-url",
                "http://login.example.com",
            ])
            #expect(run.status == 1)
            #expect(run.errors.contains("HTTPS is required"))
            #expect(!FileManager.default.fileExists(atPath: org.data + "/credentials/acme.json"))
        }
    }

    @Test("--ca-file trusts a private certificate, such as the emulator's self-signed one")
    func caFileTrustsAPrivateCertificate() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let certificate = try SelfSignedCertificate(in: directory)
        let emulator = try EmulatorProcess(tls: certificate)
        defer { emulator.stop() }
        #expect(emulator.baseURL.hasPrefix("https://"))
        try "demo-secret\n".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try "demo-refresh-token\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let arguments = [
            "connect", "--data", directory + "/data", "--account", "acme", "--environment", "production", "--client-id",
            "avosync-demo",
            "--client-secret-file", directory + "/secret", "--refresh-token-file", directory + "/token", "--login-url",
            emulator.baseURL,
        ]
        let untrusted = try await ChildProcess.run("avosync", arguments)
        #expect(untrusted.status == 1, "a self-signed certificate is not trusted by default")
        #expect(untrusted.errors.contains("--ca-file"))
        let trusted = try await ChildProcess.run("avosync", arguments + ["--ca-file", certificate.certificate])
        #expect(trusted.status == 0, "\(trusted.errors)")
        let append = try await ChildProcess.run(
            "avosync",
            ["append", "--data", directory + "/data"],
            input: Data((EventLines().contactLine("grace", phone: "4155550102") + "\n").utf8)
        )
        #expect(append.status == 0)
        let sync = try await ChildProcess.run("avosync", ["sync", "--data", directory + "/data", "--once"])
        #expect(sync.status == 0, "\(sync.errors)")
    }

    @Test(
        "sync --follow dispatches events as they are appended and stops cleanly on SIGTERM and SIGINT",
        arguments: [SIGTERM, SIGINT]
    )
    func followStopsCleanly(signal: Int32) async throws {
        try await withHarness { org in
            try await org.connect("acme")
            let follower = try ChildProcess("avosync", ["sync", "--follow", "--data", org.data])
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.textMessage("grace", "live")])
            var waited = 0
            while await org.tasks(on: "0035e0000000002AAA").isEmpty, waited < 200 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 1)
            // One dispatcher per data directory.
            let second = try await org.avosync(["sync", "--once"])
            #expect(second.status == 1)
            #expect(second.errors.contains("another writer holds this log"), "\(second.errors)")
            follower.signal(signal)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
            #expect(try org.state().account("acme").pendingEvents == 0)
        }
    }

    @Test("REQUEST_LIMIT_EXCEEDED pauses the account and status says so; the next run resumes and loses nothing")
    func requestLimitPausesAndResumes() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.call("grace", seconds: 5)])
            try await org.faults(["rates": ["request_limit": 1.0]])
            let refused = try await org.avosync(["sync", "--once"])
            #expect(refused.status == 1)
            #expect(refused.errors.contains("paused"))
            let status = try await org.avosync(["status", "--account", "acme"])
            #expect(status.text.contains("PAUSED"))
            #expect(try org.state().account("acme").pendingEvents == 2)
            try await org.faults(["rates": [:]])
            try await org.sync()
            #expect(try org.state().account("acme").pausedReason == nil)
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 1)
        }
    }

    @Test("an account pauses before the allowance runs out, keeping a reserve for the org's other integrations")
    func apiReservePausesEarly() async throws {
        try await withHarness(edit: { $0.organization.dailyAPIRequests = 50 }, Self.pausesBeforeTheAllowanceRunsOut)
    }

    static func pausesBeforeTheAllowanceRunsOut(_ org: SyncHarness) async throws {
        try await org.connect("acme")
        var lines = EventLines()
        try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.note("grace", "one")])
        // 50 calls a day: keeping 90% back pauses after the first batch, well before a refusal.
        let run = try await org.avosync(["sync", "--once", "--api-reserve-percent", "90"])
        #expect(run.status == 1)
        let paused = try #require(try org.state().account("acme").pausedReason)
        #expect(paused.contains("kept for the org's other integrations"))
        #expect(try org.state().account("acme").pendingEvents == 0, "the batch in flight finished")
    }
}

extension EventLines {
    func contactLine(_ contact: String, phone: String) -> String {
        var copy = self
        return copy.contact(contact, ["phone": phone])
    }
}
