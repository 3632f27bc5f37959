import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 11: changes people make in Salesforce to linked records come back into the
/// events log, nothing avosync wrote itself comes back, and links follow merges, deletions and
/// conversions. Every person's edit goes through the standard org's second user.
@Suite("Two-way sync")
struct TwoWaySyncTests {
    /// A new contact, linked to the Lead avosync creates for it: its id.
    func linkedLead(
        _ org: SyncHarness,
        _ lines: inout EventLines,
        contact: String = "ada",
        phone: String = "4155550901"
    ) async throws -> String {
        try await org.append([
            lines.contact(
                contact,
                ["phone": phone, "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"]
            ),
            lines.textMessage(contact, "Is my order ready?"),
        ])
        try await org.sync()
        guard let link = try org.link("acme", contact), link.object == "Lead" else {
            throw HarnessError("no Lead linked")
        }
        return link.id
    }

    @Test(
        "an email a person edits in Salesforce comes back: contacts shows it from Salesforce, the log holds one change"
    )
    func editedEmailComesBack() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            try await org.personInSalesforce().edit("Lead", lead, ["Email": "ada@lovelace.example"])

            let run = try await org.sync()
            #expect(run.text.contains("1 changes brought back"), "\(run.text)")
            let shown = try await org.shown("ada", "email")
            #expect(shown.value == "ada@lovelace.example" && shown.source == "salesforce")
            #expect(try await org.shown("ada", "first_name").source == "avochato")
            let changes = try await org.logged("salesforce.record_changed")
            #expect(changes.count == 1)
            #expect((changes.first?["fields"] as? [String: Any])?["email"] as? String == "ada@lovelace.example")
            #expect(changes.first?["record_id"] as? String == lead && changes.first?["object"] as? String == "Lead")

            // Polled again (and again, over the overlap): the same change is not brought back twice.
            try await org.sync()
            try await org.sync()
            #expect(try await org.logged("salesforce.record_changed").count == 1)
            // The brought-back value is never written back: Salesforce still has the person's edit.
            #expect(await org.record("Lead", lead, "Email")["Email"]?.stringValue == "ada@lovelace.example")
        }
    }

    @Test("nothing comes back after avosync's own writes and Task inserts, on records it created or matched")
    func ownWritesNeverComeBack() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.customField("favorite_food", salesforceField: "FavoriteFood__c"),
                lines.contact("new", ["phone": "4155550902", "first_name": "Nia"], custom: ["favorite_food": "Soup"]),
                lines.textMessage("new", "hello"), lines.call("new", seconds: 30),
                // Ada's Contact is in the fixture: matched, its own values untouched.
                lines.contact("ada", ["phone": "(415) 555-0101", "email": "ada@elsewhere.example"]),
                lines.note("ada", "met at the fair"),
            ])
            try await org.sync()
            try await org.append([
                lines.contact("new", ["email": "nia@example.com"], custom: ["favorite_food": "Stew"]),
                lines.textMessage("new", "again"), lines.textMessage("ada", "hi Ada"),
            ])
            try await org.sync()
            try await org.sync()
            #expect(try await org.broughtBack().isEmpty)
            #expect(try org.link("acme", "new")?.object == "Lead" && org.link("acme", "ada")?.object == "Contact")
            #expect(try await org.shown("new", "favorite_food", custom: true).source == "avochato")
        }
    }

    @Test("each direction decides what is written to Salesforce and what comes back")
    func directionsDecide() async throws {
        let directions = ["both", "to_salesforce", "from_salesforce", "none"]
        let fieldName = { (direction: String) in "Dir_\(direction.replacing("_", with: ""))__c" }
        try await withHarness(edit: { fixture in
            let lead = fixture.objects.firstIndex { $0.name == "Lead" }!
            for direction in directions {
                let field = #"{"name":"\#(fieldName(direction))","type":"string","length":80}"#
                fixture.objects[lead].fields.append(
                    try! JSONDecoder().decode(OrgFixture.Field.self, from: Data(field.utf8))
                )
            }
        }) { org in
            try await org.connect("acme")
            var lines = EventLines()
            var definitions: [String] = []
            for direction in directions {
                var line =
                    try JSONSerialization.jsonObject(
                        with: Data(lines.customField(direction, salesforceField: fieldName(direction)).utf8)
                    ) as! [String: Any]
                line["direction"] = direction
                definitions.append(EventLines.text(line))
            }
            let values = Dictionary(uniqueKeysWithValues: directions.map { ($0, "avochato \($0)") })
            try await org.append(
                definitions + [lines.contact("ada", ["phone": "4155550903", "last_name": "L"], custom: values)]
            )
            try await org.sync()
            let lead = try #require(try org.link("acme", "ada")).id
            let names = directions.map(fieldName).joined(separator: ", ")
            var record = await org.record("Lead", lead, names)
            #expect(record[fieldName("both")]?.stringValue == "avochato both")
            #expect(record[fieldName("to_salesforce")]?.stringValue == "avochato to_salesforce")
            #expect(record[fieldName("from_salesforce")] == .null && record[fieldName("none")] == .null)

            var edits: [String: JSON] = [:]
            for direction in directions { edits[fieldName(direction)] = .string("person \(direction)") }
            try await org.personInSalesforce().edit("Lead", lead, .object(edits))
            try await org.sync()
            for direction in directions {
                let shown = try await org.shown("ada", direction, custom: true)
                let comesBack = direction == "both" || direction == "from_salesforce"
                #expect(shown.value == (comesBack ? "person \(direction)" : "avochato \(direction)"), "\(direction)")
                #expect(shown.source == (comesBack ? "salesforce" : "avochato"), "\(direction)")
            }
            // Nothing brought back is written back; to_salesforce and none keep the person's edits too.
            record = await org.record("Lead", lead, names)
            for direction in directions { #expect(record[fieldName(direction)]?.stringValue == "person \(direction)") }
        }
    }

    @Test("with import_salesforce_changes off, nothing comes back and no query is made")
    func importOffBringsNothing() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.settings(["import_salesforce_changes": false])])
            let lead = try await linkedLead(org, &lines)
            try await org.personInSalesforce().edit("Lead", lead, ["Email": "changed@example.com"])
            let before = await org.requestsByResource()
            try await org.sync()
            #expect(await org.requestsByResource()["queryAll"] == before["queryAll"])
            #expect(try await org.broughtBack().isEmpty)
            #expect(try await org.shown("ada", "email").value == "ada@example.com")
        }
    }

    @Test("a change stamped inside the overlap behind the cursor is not missed, and not brought back twice")
    func overlapSecondNeitherMissedNorDoubled() async throws {
        let clock = MovableClock()
        try await withHarness(clock: clock.now) { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            try await org.sync()
            let polled = await org.record("Lead", lead, "SystemModstamp")["SystemModstamp"]?.stringValue ?? ""
            try await Task.sleep(for: .seconds(1))
            // A transaction that began half a minute ago commits now: its stamp is older than
            // everything the last poll saw.
            clock.set(-30)
            try await org.personInSalesforce().edit("Lead", lead, ["FirstName": "Augusta"])
            clock.set(0)
            let stamp = await org.record("Lead", lead, "SystemModstamp")["SystemModstamp"]?.stringValue ?? ""
            #expect(stamp < polled, "\(stamp) is older than what the last poll saw, \(polled)")
            try await org.sync()
            try await org.sync()
            let changes = try await org.logged("salesforce.record_changed")
            #expect(changes.count == 1)
            #expect(try await org.shown("ada", "first_name").value == "Augusta")
        }
    }

    @Test("a merge moves the link to the surviving record, where the contact's later Tasks go")
    func mergeMovesTheLink() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            let survivor = "00Q5e0000000001EAA"
            try await org.personInSalesforce().merge("Lead", into: survivor, [lead])
            try await org.sync()
            #expect(try org.link("acme", "ada") == RecordReference(object: "Lead", id: survivor))
            let merged = try await org.logged("salesforce.record_merged")
            #expect(merged.count == 1 && merged.first?["merged_into"] as? String == survivor)
            try await org.append([lines.textMessage("ada", "after the merge")])
            try await org.sync()
            let tasks = await org.tasks(on: survivor)
            #expect(tasks.count == 2, "the merged Task moved with the record, the new one was written there")
        }
    }

    @Test("a deleted record ends the link: the contact's next events create a record, or park when creation is off")
    func deletionEndsTheLink() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            let bea = try await linkedLead(org, &lines, contact: "bea", phone: "4155550911")
            try await org.personInSalesforce().delete("Lead", lead)
            try await org.sync()
            #expect(try org.link("acme", "ada") == nil)
            #expect(try await org.logged("salesforce.record_deleted").count == 1)

            try await org.append([lines.textMessage("ada", "still there?")])
            try await org.sync()
            let relinked = try #require(try org.link("acme", "ada"))
            #expect(relinked.id != lead)
            #expect(await org.tasks(on: relinked.id).count == 1)

            // With creation off, the contact of a deleted record waits, parked.
            try await org.personInSalesforce().delete("Lead", bea)
            try await org.append([lines.settings(["create_missing_records": false])])
            try await org.sync()
            try await org.append([lines.textMessage("bea", "hello?")])
            try await org.sync()
            #expect(try org.link("acme", "bea") == nil)
            #expect(try org.state().account("acme").parked.count == 1)
        }
    }

    @Test("a Lead converted in Salesforce: the link follows to its Contact when the poll sees it, before any write")
    func conversionSeenByThePoll() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            let contact = try await org.personInSalesforce().convert(lead)
            try await org.sync()
            #expect(try org.link("acme", "ada") == RecordReference(object: "Contact", id: contact))
            #expect(
                try org.outcomes().contains {
                    $0.kind
                        == .linked(
                            record: RecordReference(object: "Contact", id: contact),
                            reason: .followedConversion(from: RecordReference(object: "Lead", id: lead))
                        )
                }
            )
        }
    }

    @Test(
        "conflict: a pending Avochato edit of a both-ways field wins over the person's, a populated standard field keeps Salesforce's"
    )
    func conflictFollowsTheLog() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.customField("favorite_food", salesforceField: "FavoriteFood__c")])
            let lead = try await linkedLead(org, &lines)
            // Between two passes both sides edit the same fields.
            try await org.append([
                lines.contact("ada", ["email": "ada@avochato.example"], custom: ["favorite_food": "Tacos"])
            ])
            try await org.personInSalesforce().edit(
                "Lead",
                lead,
                ["Email": "ada@salesforce.example", "FavoriteFood__c": "Ramen"]
            )
            try await org.sync()
            let record = await org.record("Lead", lead, "Email, FavoriteFood__c")
            // The custom field: Avochato's edit, earlier in the log than anything the poll brings, is written.
            #expect(record["FavoriteFood__c"]?.stringValue == "Tacos")
            #expect(try await org.shown("ada", "favorite_food", custom: true).value == "Tacos")
            // The standard field is filled only when empty: Salesforce keeps the person's, and it comes back.
            #expect(record["Email"]?.stringValue == "ada@salesforce.example")
            let email = try await org.shown("ada", "email")
            #expect(email.value == "ada@salesforce.example" && email.source == "salesforce")
        }
    }

    @Test(
        "the context fields show the last activity and the count after a call, a text and a note, and never come back"
    )
    func contextFieldsAfterActivities() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            try await org.append([
                lines.call("ada", seconds: 125), lines.textMessage("ada", "Thanks!", direction: "outbound"),
                lines.note("ada", "Prefers texts\nin the morning"),
            ])
            let before = await org.requestsByResource()
            try await org.sync()
            let spent = await org.requestsByResource().merging(before) { $0 - $1 }.filter { $0.value != 0 }
            #expect(spent["sobjects"] == nil, "the context fields went with the Tasks: \(spent)")
            let record = await org.record(
                "Lead",
                lead,
                "Avochato_Last_Activity_At__c, Avochato_Last_Activity__c, Avochato_Activity_Count__c"
            )
            #expect(record["Avochato_Activity_Count__c"]?.doubleValue == 4)
            #expect(record["Avochato_Last_Activity__c"]?.stringValue == "Note: Prefers texts in the morning")
            #expect(record["Avochato_Last_Activity_At__c"]?.stringValue?.hasPrefix("2026-11-01T00:05:00") == true)
            try await org.sync()
            #expect(try await org.broughtBack().isEmpty)
        }
    }

    @Test("SIGKILL between the append of brought-back events and the cursor: the rerun appends no event twice")
    func crashBeforeTheCursor() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            try await org.personInSalesforce().edit(
                "Lead",
                lead,
                ["Email": "ada@crash.example", "FirstName": "Augusta"]
            )
            let cursor = try org.state().account("acme").captureCursors["Lead"]
            let child = try ChildProcess(
                "avosync",
                ["sync", "--once", "--data", org.data],
                environment: ["AVOSYNC_CRASH_POINT": "capture-appended"]
            )
            #expect(await child.waitForExit() != 0, "killed")
            #expect(try await org.logged("salesforce.record_changed").count == 1)
            #expect(try org.state().account("acme").captureCursors["Lead"] == cursor, "killed before the cursor moved")
            try await org.sync()
            try await org.sync()
            #expect(try await org.logged("salesforce.record_changed").count == 1)
            #expect(try await org.shown("ada", "email").value == "ada@crash.example")
        }
    }

    @Test("replaying both logs from zero gives the same projection as the one sync built")
    func replayGivesTheSameProjection() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let lead = try await linkedLead(org, &lines)
            _ = try await linkedLead(org, &lines, contact: "bea", phone: "4155550911")
            let person = try await org.personInSalesforce()
            try await person.edit("Lead", lead, ["Email": "ada@replay.example"])
            try await org.sync()
            try await person.merge("Lead", into: "00Q5e0000000001EAA", [lead])
            try await org.append([lines.textMessage("ada", "merged")])
            try await org.sync()
            let built = try org.state()
            let replay = try await org.avosync(["replay"])
            #expect(replay.status == 0, "\(replay.errors)")
            var fromZero = ProjectionLoader(layout: DataLayout(root: org.data))
            fromZero.useSnapshots = false
            #expect(try fromZero.load().state == built)
            #expect(built.account("acme").contacts["ada"]?.link?.id == "00Q5e0000000001EAA")
        }
    }

    @Test(
        "while following, a person's edit comes back within the poll interval, and the writes that follow never come back"
    )
    func followingBringsChangesBack() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            let follower = try ChildProcess(
                "avosync",
                ["sync", "--follow", "--poll-interval", "1", "--data", org.data]
            )
            var lines = EventLines()
            try await org.append([
                lines.contact("ada", ["phone": "4155550901", "last_name": "Lovelace"]), lines.textMessage("ada", "hi"),
            ])
            func waitFor(_ condition: () async throws -> Bool) async throws -> Bool {
                for _ in 0..<200 {
                    if try await condition() { return true }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return false
            }
            #expect(try await waitFor { try org.link("acme", "ada") != nil })
            let lead = try #require(try org.link("acme", "ada")).id
            try await org.personInSalesforce().edit("Lead", lead, ["Email": "ada@follow.example"])
            #expect(try await waitFor { try await org.shown("ada", "email").value == "ada@follow.example" })
            // Avochato keeps talking while the poller runs: its Tasks and field writes are its own.
            for round in 0..<5 {
                try await org.append([
                    lines.textMessage("ada", "round \(round)"), lines.contact("ada", ["first_name": "Ada \(round)"]),
                ])
                try await Task.sleep(for: .milliseconds(400))
            }
            #expect(try await waitFor { await org.tasks(on: lead).count == 6 })
            try await Task.sleep(for: .milliseconds(1500))
            follower.signal(SIGTERM)
            #expect(await follower.waitForExit() == 0, "\(follower.errorOutput)")
            let changes = try await org.broughtBack()
            #expect(changes.count == 1, "\(changes)")
            #expect(try org.state().account("acme").pendingEvents == 0)
        }
    }
}
