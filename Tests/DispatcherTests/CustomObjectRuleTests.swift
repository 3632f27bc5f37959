import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 7, custom object target: eligibility, the chosen phone field, blocking, switching.
@Suite("Rules: custom object target")
struct CustomObjectRuleTests {
    static func withCustomer(_ phone: String) -> (inout OrgFixture) -> Void {
        { fixture in
            fixture.records["AvoCustomer__c", default: []].append([
                "Name": "Existing customer", "CustomPhoneNumber__c": .string(phone),
            ])
        }
    }

    @Test("a custom object target matches on its chosen phone field, and its Tasks use WhatId")
    func customTargetMatchesOnTheChosenPhoneField() async throws {
        try await withHarness(edit: Self.withCustomer("(415) 555-0120")) { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.settings(["sync_object": "AvoCustomer__c", "phone_field": "CustomPhoneNumber__c"]),
                lines.contact("c1", ["phone": "+14155550120"]),
                lines.textMessage("c1", "hello"),
            ])
            try await org.sync()
            let customer = try #require(await org.query("SELECT Id FROM AvoCustomer__c").first?["Id"]?.stringValue)
            #expect(try org.link("acme", "c1") == RecordReference(object: "AvoCustomer__c", id: customer))
            let tasks = await org.tasks(on: customer)
            #expect(tasks.count == 1)
            #expect(tasks.first?["WhatId"]?.stringValue == customer)
            #expect(tasks.first?["WhoId"] == .null)
            #expect(await org.query("SELECT Id FROM AvoCustomer__c").count == 1, "matched, not created")
        }
    }

    @Test("with phone_field \"default\", a custom target matches on its phone fields and creates with the first")
    func customTargetWithTheDefaultPhoneField() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.settings(["sync_object": "AvoCustomer__c"]),
                lines.contact("c1", ["phone": "4155550130", "first_name": "Nia", "last_name": "Okafor"]),
                lines.call("c1", seconds: 30),
            ])
            try await org.sync()
            let customers = await org.query("SELECT Id, Name, CustomPhoneNumber__c FROM AvoCustomer__c")
            #expect(customers.count == 1)
            #expect(customers.first?["CustomPhoneNumber__c"]?.stringValue == "+14155550130")
            #expect(customers.first?["Name"]?.stringValue == "Nia Okafor")
            #expect(try org.link("acme", "c1")?.object == "AvoCustomer__c")
        }
    }

    @Test(
        "an ineligible or missing target blocks only that account's new look-ups, with a visible reason",
        arguments: [
            ("NoPhone__c", "no phone-type field"), ("NotSearchable__c", "not searchable"),
            ("NoActivities__c", "does not allow activities"), ("NoFeed__c", "feed tracking"),
            ("Missing__c", "does not exist"),
        ]
    )
    func ineligibleTargetBlocksOnlyThatAccount(object: String, reason: String) async throws {
        try await withHarness { org in
            try await org.connect("acme")
            try await org.connect("globex")
            var acme = EventLines(account: "acme")
            var globex = EventLines(account: "globex")
            try await org.append([
                acme.contact("grace", ["phone": "4155550102"]),
                acme.settings(["sync_object": object]),
                acme.contact("new", ["phone": "4155550140"]),
                acme.textMessage("new", "parked until fixed"),
                acme.textMessage("grace", "linked contacts keep syncing"),
                globex.contact("g1", ["phone": "4155550141"]),
                globex.textMessage("g1", "other accounts are not blocked"),
            ])
            try await org.sync()
            let state = try org.state()
            let blocked = try #require(state.account("acme").blockedReason)
            #expect(blocked.contains(object) && blocked.contains(reason), "\(blocked)")
            #expect(state.account("acme").parked.count == 2)
            #expect(state.account("acme").pendingEvents == 0, "parked events are answered, not pending")
            #expect(state.account("globex").blockedReason == nil)
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 1)
            let status = try await org.avosync(["status", "--account", "acme"])
            #expect(status.text.contains("BLOCKED"))

            // Fixed: the parked events go out, and the account is no longer blocked.
            try await org.append([
                acme.settings(["sync_object": "AvoCustomer__c", "phone_field": "CustomPhoneNumber__c"])
            ])
            try await org.sync()
            let fixed = try org.state().account("acme")
            #expect(fixed.blockedReason == nil)
            #expect(fixed.parked.isEmpty)
            let customer = try #require(try org.link("acme", "new"))
            #expect(customer.object == "AvoCustomer__c")
            #expect(await org.tasks(on: customer.id).count == 1)
        }
    }

    @Test("switching the target leaves old links where they are; new contacts go to the new target")
    func switchingTargetKeepsOldLinks() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("before", ["phone": "4155550150", "last_name": "Early"])])
            try await org.sync()
            let lead = try #require(try org.link("acme", "before"))
            #expect(lead.object == "Lead")
            try await org.append([
                lines.settings(["sync_object": "AvoCustomer__c", "phone_field": "CustomPhoneNumber__c"]),
                lines.textMessage("before", "still the Lead"),
                lines.contact("after", ["phone": "4155550151", "last_name": "Late"]),
                lines.textMessage("after", "the custom object"),
            ])
            try await org.sync()
            #expect(try org.link("acme", "before") == lead)
            #expect(await org.tasks(on: lead.id).count == 1)
            let customer = try #require(try org.link("acme", "after"))
            #expect(customer.object == "AvoCustomer__c")
            #expect(await org.tasks(on: customer.id).count == 1)
        }
    }

    @Test("objects lists eligible targets with their searchable phone fields, and the criteria the others fail")
    func objectsListsEligibleTargets() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            let run = try await org.avosync(["objects", "--account", "acme", "--json"])
            #expect(run.status == 0, "\(run.errors)")
            let document = try #require(JSON.parse(Data(run.text.utf8)))
            let eligible = Dictionary(
                uniqueKeysWithValues: (document["eligible"]?.arrayValue ?? []).map {
                    ($0["object"]?.stringValue ?? "", ($0["phone_fields"]?.arrayValue ?? []).compactMap(\.stringValue))
                }
            )
            #expect(eligible["AvoCustomer__c"] == ["CustomPhoneNumber__c"])
            #expect(eligible["Lead"]?.contains("MobilePhone") == true)
            #expect(eligible["Contact"]?.contains("Phone") == true)
            let ineligible = Dictionary(
                uniqueKeysWithValues: (document["ineligible"]?.arrayValue ?? []).map {
                    (
                        $0["object"]?.stringValue ?? "",
                        ($0["fails"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "; ")
                    )
                }
            )
            #expect(ineligible.keys.sorted() == ["NoActivities__c", "NoFeed__c", "NoPhone__c", "NotSearchable__c"])
            #expect(ineligible["NoPhone__c"]?.contains("phone-type") == true)
            #expect(ineligible["NotSearchable__c"]?.contains("searchable") == true)
            #expect(ineligible["NoActivities__c"]?.contains("activities") == true)
            #expect(ineligible["NoFeed__c"]?.contains("feed tracking") == true)
        }
    }
}
