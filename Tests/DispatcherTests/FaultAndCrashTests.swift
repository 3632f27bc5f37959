import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// Exactly once under injected faults and under SIGKILL of the dispatcher.
@Suite("Dispatch: faults and crashes")
struct FaultAndCrashTests {
    /// Events of `contacts` contacts, all new to the org, each with an edit, a text, a call, a second
    /// edit and a note.
    static func history(
        contacts: Int,
        account: String = "acme",
        firstPhone: Int = 0
    ) -> (lines: [String], activities: Int) {
        var lines = EventLines(account: account)
        var result = [lines.customField("favorite_food", salesforceField: "FavoriteFood__c")]
        for index in 0..<contacts {
            let contact = "k\(index)"
            result.append(
                lines.contact(
                    contact,
                    ["phone": "4157" + String(format: "%06d", firstPhone + index), "last_name": "K\(index)"],
                    custom: ["favorite_food": "first \(index)"]
                )
            )
            result.append(lines.textMessage(contact, "text \(index)"))
            result.append(lines.call(contact, seconds: index % 600))
            result.append(
                lines.contact(contact, ["email": "k\(index)@example.com"], custom: ["favorite_food": "last \(index)"])
            )
            result.append(lines.note(contact, "note \(index)"))
        }
        return (result, contacts * 3)
    }

    /// Checks the org holds each expected effect exactly once: one Lead per contact, one Task per
    /// activity, the last value of every mapped field.
    static func expectExactlyOnce(_ org: SyncHarness, contacts: Int, activities: Int) async throws {
        let leads = await org.query(
            "SELECT Id, Phone, LastName, Email, FavoriteFood__c, Avochato_Contact_Id__c FROM Lead WHERE Avochato_Contact_Id__c != null"
        )
        #expect(leads.count == contacts, "one Lead per contact")
        #expect(Set(leads.compactMap { $0["Phone"]?.stringValue }).count == contacts, "no phone twice")
        for lead in leads {
            let index = lead["LastName"]?.stringValue?.dropFirst() ?? ""
            #expect(lead["FavoriteFood__c"]?.stringValue == "last \(index)")
            #expect(lead["Email"]?.stringValue == "k\(index)@example.com")
        }
        let tasks = await org.query("SELECT Id, Avochato_Event_Id__c, WhoId FROM Task")
        #expect(tasks.count == activities, "one Task per activity")
        #expect(Set(tasks.compactMap { $0["Avochato_Event_Id__c"]?.stringValue }).count == activities)
        let state = try org.state().account("acme")
        #expect(state.pendingEvents == 0)
        #expect(state.linkCount == contacts)
        #expect(state.deadLetters.isEmpty, "\(state.deadLetters)")
    }

    @Test(
        "faults at 20% (500, 503, request limit, locked rows, expired sessions, dropped connections): every event lands once"
    )
    func faultsLandEveryEventOnce() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            let (lines, activities) = Self.history(contacts: 60)
            try await org.append(lines)
            try await org.faults([
                "seed": 7,
                "rates": [
                    "http500": 0.04, "http503": 0.04, "request_limit": 0.02, "row_lock": 0.04, "session_expired": 0.03,
                    "drop_connection": 0.03,
                ],
            ])
            var runs = 0
            var paused = 0
            while runs < 40 {
                runs += 1
                let run = try await org.avosync(["sync", "--once", "--batch-size", "40"])
                if run.status == 0 { break }
                #expect(run.status == 1, "\(run.errors)")
                if run.errors.contains("paused") { paused += 1 }
            }
            try await org.faults(["rates": [:]])
            let stats = await org.org.call("GET", "/__emulator/stats").json
            #expect(
                (stats?["faults_injected"]?.objectValue?.count ?? 0) >= 3,
                "faults were injected: \(String(describing: stats))"
            )
            #expect(runs < 40, "caught up within 40 runs")
            try await Self.expectExactlyOnce(org, contacts: 60, activities: activities)
            let status = try await org.avosync(["status", "--account", "acme", "--json"])
            #expect(status.status == 0)
            if paused > 0 { #expect(try org.outcomes().contains { if case .paused = $0.kind { true } else { false } }) }
        }
    }

    /// Rounds of SIGKILL: `AVOSYNC_SYNC_CRASH_ROUNDS` (default 5; the stress run uses 50 or more).
    static var crashRounds: Int { Int(ProcessInfo.processInfo.environment["AVOSYNC_SYNC_CRASH_ROUNDS"] ?? "") ?? 5 }

    @Test("SIGKILL at random moments, restart, repeat: every Task once, no record twice, every field right")
    func sigkillLosesAndDuplicatesNothing() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            let rounds = Self.crashRounds
            let contacts = max(500, rounds * 20)
            let (lines, activities) = Self.history(contacts: contacts)
            // A little latency per call, so that kills land inside Salesforce writes as well as between them.
            try await org.faults(["latency_ms": ["min": 2, "max": 8]])
            var generator = SystemRandomNumberGenerator()
            var interrupted = 0
            var progressed = 0
            var pending = try org.state().account("acme").pendingEvents
            // Each round appends its share of the history, so that every dispatcher has work when killed.
            let share = (lines.count + rounds - 1) / rounds
            for round in 0..<rounds {
                let chunk = Array(lines.dropFirst(round * share).prefix(share))
                if !chunk.isEmpty { try await org.append(chunk) }
                let child = try ChildProcess("avosync", ["sync", "--once", "--data", org.data, "--batch-size", "40"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...400, using: &generator)))
                if child.isRunning { interrupted += 1 }
                await child.kill()
                let now = try org.state().account("acme").pendingEvents
                if now < pending + UInt64(chunk.count) { progressed += 1 }
                pending = now
            }
            try await org.faults(["latency_ms": ["min": 0, "max": 0]])
            try await org.sync()
            #expect(interrupted > 0, "at least one kill landed while the dispatcher was working")
            if ProcessInfo.processInfo.environment["AVOSYNC_SYNC_CRASH_ROUNDS"] != nil {
                print(
                    "crash test: \(rounds) rounds of SIGKILL over \(lines.count) events, \(interrupted) while the dispatcher was working, \(progressed) after it had moved a checkpoint; \(pending) events left for the last run"
                )
            }
            try await Self.expectExactlyOnce(org, contacts: contacts, activities: activities)
            let verify = try await org.avosync(["verify"])
            #expect(verify.status == 0, "\(verify.text)")
        }
    }

    @Test(
        "SIGKILL while 50 accounts over 2 orgs sync on concurrent lanes: every Task once, no record twice, every field right"
    )
    func sigkillWithConcurrentLanes() async throws {
        try await withFleet(2) { fleet in
            let accounts = (0..<50).map { String(format: "lane-%02d", $0) }
            for (index, account) in accounts.enumerated() { try await fleet.connect(account, to: index % 2) }
            let rounds = Self.crashRounds
            let contacts = max(6, rounds / 2)
            // Each account's history, interleaved, so that every round gives every lane work.
            let histories = accounts.enumerated().map { index, account in
                Self.history(contacts: contacts, account: account, firstPhone: index * 1000).lines
            }
            var lines: [String] = []
            for position in 0..<histories[0].count { for history in histories { lines.append(history[position]) } }
            for org in 0..<2 { try await fleet.faults(org, ["latency_ms": ["min": 5, "max": 20]]) }
            var generator = SystemRandomNumberGenerator()
            var interrupted = 0
            let share = (lines.count + rounds - 1) / rounds
            for round in 0..<rounds {
                let chunk = Array(lines.dropFirst(round * share).prefix(share))
                if !chunk.isEmpty { try await fleet.append(chunk) }
                let child = try ChildProcess("avosync", ["sync", "--once", "--data", fleet.data, "--batch-size", "7"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...400, using: &generator)))
                if child.isRunning { interrupted += 1 }
                await child.kill()
            }
            for org in 0..<2 { try await fleet.faults(org, ["latency_ms": ["min": 0, "max": 0]]) }
            try await fleet.sync()
            #expect(interrupted > 0, "at least one kill landed while the lanes were working")
            if ProcessInfo.processInfo.environment["AVOSYNC_SYNC_CRASH_ROUNDS"] != nil {
                print(
                    "crash test with lanes: \(rounds) rounds of SIGKILL over \(lines.count) events, \(interrupted) mid-work"
                )
            }
            for org in 0..<2 {
                let leads = await fleet.query(
                    org,
                    "SELECT Phone, LastName, Email, FavoriteFood__c, Avochato_Contact_Id__c FROM Lead WHERE Avochato_Contact_Id__c != null"
                )
                #expect(leads.count == 25 * contacts, "one Lead per contact in org \(org)")
                #expect(Set(leads.compactMap { $0["Avochato_Contact_Id__c"]?.stringValue }).count == leads.count)
                #expect(Set(leads.compactMap { $0["Phone"]?.stringValue }).count == leads.count, "no phone twice")
                for lead in leads {
                    let index = lead["LastName"]?.stringValue?.dropFirst() ?? ""
                    #expect(lead["FavoriteFood__c"]?.stringValue == "last \(index)")
                    #expect(lead["Email"]?.stringValue == "k\(index)@example.com")
                }
                let tasks = await fleet.query(org, "SELECT Avochato_Event_Id__c FROM Task")
                #expect(tasks.count == 25 * contacts * 3, "one Task per activity in org \(org)")
                #expect(Set(tasks.compactMap { $0["Avochato_Event_Id__c"]?.stringValue }).count == tasks.count)
            }
            let state = try fleet.state()
            for account in accounts {
                #expect(state.account(account).pendingEvents == 0, "\(account)")
                #expect(state.account(account).deadLetters.isEmpty, "\(account)")
            }
            let verify = try await fleet.avosync(["verify"])
            #expect(verify.status == 0, "\(verify.text)")
        }
    }
}
