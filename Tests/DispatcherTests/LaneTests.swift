import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// Every account moves on its own lane: a slow or failing org holds back only its own accounts,
/// an account-wide event cuts only its own account's batch, and a long back-fill does not starve a
/// quiet account.
@Suite("Lanes: isolation and fairness")
struct LaneTests {
    @Test(
        "a slow org, then a failing one, holds back only its own accounts: the other org's Tasks land within a bound that does not depend on it"
    )
    func slowAndFailingOrgsDelayOnlyTheirAccounts() async throws {
        try await withFleet(2) { fleet in
            try await fleet.connect("alpha", to: 0)
            try await fleet.connect("bravo", to: 1)
            var alpha = EventLines(account: "alpha")
            var bravo = EventLines(account: "bravo")
            try await fleet.append([
                alpha.contact("a1", ["phone": "4157000001"]), alpha.textMessage("a1", "first"),
                bravo.contact("b1", ["phone": "4157000002"]), bravo.textMessage("b1", "first"),
            ])
            let follower = try fleet.follower()
            defer { follower.kill() }
            let settled = await waitUntil(seconds: 20) {
                let (first, second) = (await fleet.count("Task", in: 0), await fleet.count("Task", in: 1))
                return first == 1 && second == 1
            }
            #expect(settled != nil, "both orgs got their first Task: \(follower.errorOutput)")

            // Org B answers every call after 8 seconds: alpha's new text must not wait for it. The
            // bound is B's own answer, not a clock: alpha's Task lands while B's first call of
            // the round is still unanswered, however loaded the machine is.
            try await fleet.faults(1, ["latency_ms": ["min": 8000, "max": 8000]])
            try await fleet.append([bravo.textMessage("b1", "slow"), alpha.textMessage("a1", "while B is slow")])
            let whileSlow = await waitUntil(seconds: 30) { await fleet.count("Task", in: 0) == 2 }
            #expect(whileSlow != nil, "alpha's Task landed")
            #expect(await fleet.count("Task", in: 1) == 1, "bravo's org was still answering its first call")

            // Org B fails every call (503): alpha goes on as before. B never succeeds, so alpha's
            // Task landing at all shows it waited for nothing of B's.
            try await fleet.faults(1, ["rates": ["http503": 1.0], "latency_ms": ["min": 0, "max": 0]])
            try await fleet.append([bravo.textMessage("b1", "failing"), alpha.textMessage("a1", "while B fails")])
            let whileFailing = await waitUntil(seconds: 30) { await fleet.count("Task", in: 0) == 3 }
            #expect(whileFailing != nil, "alpha's Task landed while B refused every call")
            let bravoTasks = await fleet.count("Task", in: 1)
            #expect(bravoTasks < 3, "org B refuses every call, so not all of bravo's Tasks can have landed")

            follower.signal(SIGTERM)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
            // Nothing of bravo's was lost: once its org answers again, the next run lands the rest.
            try await fleet.faults(1, ["rates": [:]])
            try await fleet.sync()
            #expect(await fleet.count("Task", in: 1) == 3)
            #expect(await fleet.count("Task", in: 0) == 3)
            #expect(try fleet.state().account("bravo").pendingEvents == 0)
        }
    }

    @Test(
        "sync --once exits 1 naming the account that could not finish and why; status shows it failing, with its lag in events and seconds; the others are caught up"
    )
    func onceNamesEachAccountThatCouldNotFinish() async throws {
        try await withFleet(2) { fleet in
            try await fleet.connect("alpha", to: 0)
            try await fleet.connect("bravo", to: 1)
            // Org B's administrator revokes the user's grant: every sign-in is refused from now on.
            let revoked = await fleet.orgs[1].org.emulator.respond(
                to: APIRequest(
                    method: "POST",
                    target: "/services/oauth2/revoke",
                    body: Data("token=demo-refresh-token".utf8)
                )
            )
            #expect(revoked.status == 200)
            var alpha = EventLines(account: "alpha")
            var bravo = EventLines(account: "bravo")
            try await fleet.append([
                alpha.contact("a1", ["phone": "4157000011"]), alpha.textMessage("a1", "lands"),
                bravo.contact("b1", ["phone": "4157000012"]), bravo.textMessage("b1", "waits"),
            ])
            let run = try await fleet.avosync(["sync", "--once"])
            #expect(run.status == 1)
            #expect(run.errors.contains("account bravo is waiting"), "\(run.errors)")
            #expect(run.errors.contains("invalid_grant"), "\(run.errors)")
            #expect(!run.errors.contains("account alpha"), "\(run.errors)")
            #expect(await fleet.count("Task", in: 0) == 1)

            let status = try await fleet.avosync(["status", "--json"])
            let report = try JSONSerialization.jsonObject(with: Data(status.text.utf8)) as? [String: Any]
            let accounts = (report?["accounts"] as? [[String: Any]]) ?? []
            let byName = Dictionary(uniqueKeysWithValues: accounts.map { ($0["account"] as? String ?? "", $0) })
            #expect(byName["alpha"]?["state"] as? String == "running")
            #expect(byName["alpha"]?["lag_events"] as? Int == 0)
            #expect(byName["bravo"]?["state"] as? String == "failing")
            #expect((byName["bravo"]?["failing"] as? String)?.contains("invalid_grant") == true)
            #expect(byName["bravo"]?["lag_events"] as? Int == 2)
            #expect((byName["bravo"]?["lag_seconds"] as? Double ?? 0) > 0)
            let text = try await fleet.avosync(["status", "--account", "bravo"])
            #expect(text.text.contains("state           failing since"), "\(text.text)")
            #expect(text.text.contains("lag             2 events"), "\(text.text)")
        }
    }

    @Test(
        "an account's settings change takes effect at once while another account back-fills, and the back-fill does not starve it"
    )
    func settingsChangeDuringAnotherAccountsBackfill() async throws {
        try await withFleet(1) { fleet in
            try await fleet.connect("big", to: 0)
            try await fleet.connect("small", to: 0)
            var big = EventLines(account: "big")
            var small = EventLines(account: "small")
            let contacts = 1500
            var history: [String] = []
            for index in 0..<contacts {
                history.append(big.contact("b\(index)", ["phone": "4158" + String(format: "%06d", index)]))
                history.append(big.textMessage("b\(index)", "back-fill \(index)"))
            }
            try await fleet.append(history)
            try await fleet.faults(0, ["latency_ms": ["min": 20, "max": 20]])
            let follower = try fleet.follower(["--batch-size", "50"])
            defer { follower.kill() }
            // The back-fill is under way when the quiet account's first event arrives.
            let started = await waitUntil(seconds: 20) { await fleet.count("Task", in: 0) > 0 }
            #expect(started != nil, "\(follower.errorOutput)")
            try await fleet.append([small.contact("s1", ["phone": "4159000001"]), small.textMessage("s1", "hello")])
            // Not starved: small's contact lands while big still has most of its back-fill to go
            // (measured against big's progress, not a clock, so a loaded machine changes nothing).
            let firstLanded = await waitUntil(seconds: 60) {
                await !fleet.query(0, "SELECT Id FROM Lead WHERE Avochato_Contact_Id__c = 'small/s1'").isEmpty
            }
            let bigTasksAtFirst = await fleet.query(0, "SELECT Id FROM Task WHERE Avochato_Event_Id__c LIKE 'big/%'")
                .count
            #expect(firstLanded != nil, "small's first contact landed")
            #expect(
                bigTasksAtFirst < contacts / 2,
                "small's first contact landed after \(bigTasksAtFirst) of big's \(contacts) Tasks"
            )

            // small switches its target; big's back-fill goes on under big's own settings.
            try await fleet.append([
                small.settings(["sync_object": "AvoCustomer__c", "phone_field": "CustomPhoneNumber__c"]),
                small.contact("s2", ["phone": "4159000002", "last_name": "Second"]),
                small.textMessage("s2", "after the switch"),
            ])
            let switched = await waitUntil(seconds: 60) {
                await !fleet.query(0, "SELECT Id FROM AvoCustomer__c WHERE CustomPhoneNumber__c = '+14159000002'")
                    .isEmpty
            }
            #expect(switched != nil, "small's switched contact landed")
            let bigTasksThen = await fleet.query(0, "SELECT Id FROM Task WHERE Avochato_Event_Id__c LIKE 'big/%'").count
            #expect(bigTasksThen < contacts, "big was still back-filling: \(bigTasksThen) of \(contacts) Tasks")

            let done = try await waitUntil(seconds: 120) { try fleet.state().account("big").pendingEvents == 0 }
            #expect(done != nil, "big's back-fill finished")
            follower.signal(SIGTERM)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
            let bigLeads = await fleet.query(0, "SELECT Id FROM Lead WHERE Avochato_Contact_Id__c LIKE 'big/%'")
            #expect(bigLeads.count == contacts, "every big contact became a Lead: small's settings are small's")
            #expect(await fleet.query(0, "SELECT Id FROM AvoCustomer__c").count == 1)
            let tasks = await fleet.query(0, "SELECT Avochato_Event_Id__c FROM Task")
            #expect(tasks.count == contacts + 2)
            #expect(Set(tasks.compactMap { $0["Avochato_Event_Id__c"]?.stringValue }).count == contacts + 2)
            let smallState = try fleet.state().account("small")
            #expect(smallState.contacts["s1"]?.link?.object == "Lead")
            #expect(smallState.contacts["s2"]?.link?.object == "AvoCustomer__c")
        }
    }

    @Test(
        "a disconnected account's new events wait, and reach its org once it connects again, while following"
    )
    func disconnectedEventsWaitForTheNextConnection() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.textMessage("grace", "one")])
            let follower = try ChildProcess("avosync", ["sync", "--follow", "--data", org.data])
            defer { follower.kill() }
            let first = await waitUntil(seconds: 20) { await org.tasks(on: "0035e0000000002AAA").count == 1 }
            #expect(first != nil, "\(follower.errorOutput)")

            try await org.append([
                #"{"type":"salesforce.disconnected","account":"acme","at":"2026-11-02T00:00:00Z"}"#,
                lines.textMessage("grace", "two"),
                // An account-wide event after the waiting text must not move the checkpoint past it.
                lines.settings(["sync_field_updates": false]),
            ])
            try await Task.sleep(for: .seconds(1))
            #expect(
                await org.tasks(on: "0035e0000000002AAA").count == 1,
                "nothing goes to a disconnected account's org"
            )
            let status = try await org.avosync(["status", "--account", "acme", "--json"])
            #expect(status.text.contains(#""state":"disconnected""#), "\(status.text)")

            try await org.connect("acme")
            let second = await waitUntil(seconds: 20) { await org.tasks(on: "0035e0000000002AAA").count == 2 }
            #expect(second != nil, "the waiting text reached the org after the new connection: \(follower.errorOutput)")
            // The settings and the new connection after the text are answered too (not only its Task).
            let answered = try await waitUntil(seconds: 20) { try org.state().account("acme").pendingEvents == 0 }
            #expect(answered != nil)
            follower.signal(SIGTERM)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
        }
    }

    @Test(
        "an account that connects while sync --follow runs gets a lane of its own: its earlier and later events reach its org, and the other account's go on"
    )
    func accountConnectingWhileFollowingGetsItsOwnLane() async throws {
        try await withFleet(2) { fleet in
            try await fleet.connect("alpha", to: 0)
            var alpha = EventLines(account: "alpha")
            var bravo = EventLines(account: "bravo")
            // Bravo's history is in the log before it connects; nothing of it may be lost.
            try await fleet.append([
                alpha.contact("a1", ["phone": "4157000021"]), alpha.textMessage("a1", "first"),
                bravo.contact("b1", ["phone": "4157000022"]), bravo.textMessage("b1", "before connecting"),
            ])
            let follower = try fleet.follower()
            defer { follower.kill() }
            let alphaFirst = await waitUntil(seconds: 20) { await fleet.count("Task", in: 0) == 1 }
            #expect(alphaFirst != nil, "\(follower.errorOutput)")
            #expect(await fleet.count("Task", in: 1) == 0, "bravo is not connected yet")

            try await fleet.connect("bravo", to: 1)
            try await fleet.append([bravo.textMessage("b1", "after connecting"), alpha.textMessage("a1", "second")])
            let bravoTasks = await waitUntil(seconds: 20) { await fleet.count("Task", in: 1) == 2 }
            #expect(bravoTasks != nil, "\(follower.errorOutput)")
            let alphaSecond = await waitUntil(seconds: 20) { await fleet.count("Task", in: 0) == 2 }
            #expect(alphaSecond != nil, "\(follower.errorOutput)")
            follower.signal(SIGTERM)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
            #expect(try fleet.state().account("bravo").pendingEvents == 0)
        }
    }
}
