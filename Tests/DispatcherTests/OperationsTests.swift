import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Running `sync --follow` for months: metrics, structured logs, graceful stops, progress.
@Suite("operations")
struct OperationsTests {
    /// One metric's value from Prometheus' text format, by name and labels as written.
    static func value(_ metrics: String, _ series: String) -> Double? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    static func scrape(_ url: URL) async throws -> String {
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(
            (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain") == true
        )
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "sync --follow serves Prometheus metrics: events appended and dispatched, lag, API usage, dead letters and blocked accounts"
    )
    func followServesMetrics() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            try await org.connect("globex")
            var acme = EventLines()
            var globex = EventLines(account: "globex")
            try await org.append([
                acme.customField("favorite_food", salesforceField: "FavoriteFood__c"),
                globex.settings(["sync_object": "NoPhone__c"]),
            ])
            let follower = try ChildProcess(
                "avosync",
                ["sync", "--follow", "--data", org.data, "--metrics-listen", "127.0.0.1:0"]
            )
            defer { follower.kill() }
            let line = try #require(await follower.waitForLine { $0.hasPrefix("metrics at ") })
            let url = try #require(URL(string: String(line.dropFirst("metrics at ".count))))
            try await org.append([
                acme.contact("grace", ["phone": "4155550102"]),
                acme.textMessage("grace", "live"),
                acme.contact(
                    "bad",
                    ["phone": "4155550103"],
                    custom: ["favorite_food": String(repeating: "x", count: 300)]
                ),
                globex.contact("c-1", ["phone": "4155550104"]),
            ])
            // Each batch's figures are reported once its outcomes are durable: wait for the last.
            var metrics = ""
            for _ in 0..<100 {
                metrics = try await Self.scrape(url)
                if Self.value(metrics, #"avosync_account_dead_letters{account="acme"}"#) == 1,
                    Self.value(metrics, "avosync_lag_events") == 0
                {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(Self.value(metrics, "avosync_events_appended_total") == 8)
            #expect(Self.value(metrics, "avosync_events_log_end_offset") == 8)
            #expect(Self.value(metrics, #"avosync_events_dispatched_total{account="acme"}"#) == 5)
            #expect(Self.value(metrics, "avosync_lag_events") == 0)
            #expect(Self.value(metrics, #"avosync_account_dead_letters{account="acme"}"#) == 1)
            #expect(Self.value(metrics, #"avosync_outcomes_total{type="sync.task_written"}"#) == 1)
            #expect(Self.value(metrics, #"avosync_account_blocked{account="globex"}"#) == 1)
            #expect(Self.value(metrics, #"avosync_account_blocked{account="acme"}"#) == 0)
            #expect(Self.value(metrics, #"avosync_account_paused{account="acme"}"#) == 0)
            let used = try #require(Self.value(metrics, #"avosync_salesforce_api_requests_used{account="acme"}"#))
            let limit = Self.value(metrics, #"avosync_salesforce_api_requests_limit{account="acme"}"#)
            #expect(limit == 100_000)
            #expect(
                Self.value(metrics, #"avosync_salesforce_api_requests_remaining{account="acme"}"#) == 100_000 - used
            )
            #expect((Self.value(metrics, #"avosync_salesforce_requests_total{account="acme"}"#) ?? 0) > 0)
            #expect(Self.value(metrics, #"avosync_salesforce_retries_total{account="acme"}"#) == 0)
            // The org's own view: one allowance for both accounts, and the calls sent to it.
            let org = #"{org="00D5e0000000001EAA"}"#
            #expect(Self.value(metrics, "avosync_org_api_requests_limit" + org) == 100_000)
            #expect(
                (Self.value(metrics, "avosync_org_api_requests_used" + org) ?? 0) >= used,
                "the org's latest figure"
            )
            #expect(Self.value(metrics, "avosync_org_accounts" + org) == 2)
            #expect(Self.value(metrics, "avosync_org_paused" + org) == 0)
            #expect((Self.value(metrics, "avosync_org_requests_total" + org) ?? 0) > 0)
            follower.signal(SIGTERM)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
        }
    }

    @Test("--log-format json writes one JSON object a line, with level, label and message, and never a secret")
    func jsonLogsWithoutSecrets() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.note("grace", "hello")])
            let run = try await org.avosync(["sync", "--once", "--log-format", "json", "--log-level", "trace"])
            #expect(run.status == 0, "\(run.errors)")
            let logLines = run.errors.split(separator: "\n")
            #expect(logLines.count > 5)
            for line in logLines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(
                    object?["level"] is String && object?["label"] is String && object?["message"] is String,
                    "\(line)"
                )
                #expect(object?["time"] is String)
            }
            #expect(logLines.contains { $0.contains(#""message":"request""#) })
            #expect(logLines.contains { $0.contains(#""message":"signed in""#) })
            for secret in ["demo-secret", "demo-refresh-token", "access_token", "Bearer", "00D5e0000000001!"] {
                #expect(!run.errors.contains(secret), "\(secret) reached the log")
            }
        }
    }

    @Test("a graceful stop of sync --follow saves a snapshot of everything, so the next start folds nothing")
    func gracefulStopSavesSnapshot() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.textMessage("grace", "hi")])
            let follower = try ChildProcess("avosync", ["sync", "--follow", "--data", org.data, "--log-level", "info"])
            var waited = 0
            while await org.tasks(on: "0035e0000000002AAA").isEmpty, waited < 200 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            follower.signal(SIGINT)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
            #expect(follower.errorOutput.contains("snapshot saved"))
            let layout = DataLayout(root: org.data)
            let newest = try #require(SnapshotStore(layout: layout).files().last)
            let state = try org.state()
            #expect(newest.eventsOffset == state.eventsNextOffset)
            #expect(newest.syncOffset == state.syncNextOffset)
            #expect(try ProjectionLoader(layout: layout).load().foldedEvents == 0)
        }
    }

    @Test("a long back-fill draws a progress bar on a terminal, and nothing when standard error is not one")
    func backfillProgressOnTerminalOnly() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            var events: [String] = []
            for contact in 0..<60 {
                events.append(lines.contact("c\(contact)", ["phone": String(format: "41555507%02d", contact)]))
                events.append(lines.note("c\(contact)", "note"))
            }
            try await org.append(events)
            try await org.faults(["latency_ms": ["min": 30, "max": 30]])
            // `script` gives the sync a terminal; every batch of 4 events costs a few round trips.
            let avosync = ChildProcess.productsDirectory + "/avosync"
            let command = "\(avosync) sync --once --batch-size 4 --data \(org.data)"
            let terminal = try await ChildProcess.run("/usr/bin/script", ["-qec", command, "/dev/null"])
            #expect(terminal.status == 0, "\(terminal.text)")
            #expect(terminal.text.contains("dispatched events ["), "\(terminal.text)")
            #expect(terminal.text.contains("%"))
            try await org.append([lines.note("c1", "one more")])
            let piped = try await org.avosync(["sync", "--once", "--batch-size", "4"])
            #expect(piped.status == 0)
            #expect(!piped.errors.contains("dispatched events"))
        }
    }

    @Test("connecting again while sync --follow runs: the follower signs in with the new credentials at once")
    func reconnectWhileFollowing() async throws {
        try await withHarness(edit: { fixture in
            var second = fixture.users[0].refreshTokens[0]
            second.token = "second-refresh-token"
            fixture.users[0].refreshTokens.append(second)
        }) { org in
            // The harness itself reads the org with the standard token, so the follower starts
            // with the second one, which is the one revoked.
            try await org.connect("acme", refreshToken: "second-refresh-token")
            let follower = try ChildProcess(
                "avosync",
                ["sync", "--follow", "--data", org.data, "--log-level", "debug"]
            )
            defer { follower.kill() }
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.textMessage("grace", "one")])
            try await Self.waitForTasks(1, on: "0035e0000000002AAA", in: org)
            // The admin rotates the integration user's token: connect again, then revoke the old one,
            // which ends the follower's current session too.
            try await org.connect("acme")
            let revoked = await org.org.emulator.respond(
                to: APIRequest(
                    method: "POST",
                    target: "/services/oauth2/revoke",
                    body: Data("token=second-refresh-token".utf8)
                )
            )
            #expect(revoked.status == 200)
            try await org.append([lines.textMessage("grace", "two")])
            try await Self.waitForTasks(2, on: "0035e0000000002AAA", in: org)
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 2, "\(follower.errorOutput)")
            follower.signal(SIGTERM)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
        }
    }

    /// Waits up to 10 seconds for `count` Tasks on a record.
    static func waitForTasks(_ count: Int, on record: String, in org: SyncHarness) async throws {
        for _ in 0..<200 where await org.tasks(on: record).count < count {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
