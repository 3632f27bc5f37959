import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 7, automatic record creation.
@Suite("Rules: automatic record creation")
struct CreationRuleTests {
    @Test(
        "creation is on by default: an unmatched contact becomes a Lead, with honest placeholders for required fields"
    )
    func creationMakesALeadWithPlaceholders() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.contact("c1", ["phone": "(415) 555-0160", "first_name": "Ines"]), lines.textMessage("c1", "hi"),
            ])
            try await org.sync()
            let leads = await org.query(
                "SELECT Id, FirstName, LastName, Company, Phone, Avochato_Contact_Id__c FROM Lead WHERE Phone = '+14155550160'"
            )
            #expect(leads.count == 1)
            let lead = try #require(leads.first)
            #expect(lead["FirstName"]?.stringValue == "Ines")
            #expect(lead["LastName"]?.stringValue == "[no last name in Avochato]")
            #expect(lead["Company"]?.stringValue == "[no company in Avochato]")
            #expect(lead["Avochato_Contact_Id__c"]?.stringValue == "acme/c1")
            let id = try #require(lead["Id"]?.stringValue)
            #expect(
                try org.outcomes().contains {
                    $0.kind == .linked(record: RecordReference(object: "Lead", id: id), reason: .created)
                }
            )
            #expect(await org.tasks(on: id).count == 1)
        }
    }

    @Test(
        "creation off: activities are parked, nothing is created, and a later look-up that finds a record writes them"
    )
    func creationOffParksUntilARecordAppears() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.settings(["create_missing_records": false]),
                lines.contact("c1", ["phone": "4155550170", "email": "zoe@example.com"]),
                lines.textMessage("c1", "first"),
                lines.call("c1", seconds: 12),
            ])
            try await org.sync()
            #expect(await org.query("SELECT Id FROM Lead WHERE Phone = '+14155550170'").isEmpty)
            #expect(try org.state().account("acme").parked.count == 3)
            #expect(try org.link("acme", "c1") == nil)

            // Someone creates the record in Salesforce; the next sync finds it.
            let created = await org.org.call(
                "POST",
                "sobjects/Contact/",
                json: ["LastName": "Zoe", "Phone": "(415) 555-0170"]
            )
            let id = try #require(created.json?["id"]?.stringValue)
            try await org.sync()
            #expect(try org.link("acme", "c1") == RecordReference(object: "Contact", id: id))
            #expect(await org.tasks(on: id).count == 2)
            #expect(try org.state().account("acme").parked.isEmpty)
            let contact = await org.query("SELECT Email FROM Contact WHERE Id = '\(id)'")
            #expect(
                contact.first?["Email"]?.stringValue == "zoe@example.com",
                "the parked edit's fields are written too"
            )
        }
    }

    @Test("contacts sharing a number in one batch share one created record")
    func contactsSharingANumberShareOneRecord() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.contact("a", ["phone": "4155550175"]), lines.contact("b", ["phone": "(415) 555-0175"]),
            ])
            try await org.sync()
            #expect(await org.query("SELECT Id FROM Lead WHERE Phone = '+14155550175'").count == 1)
            #expect(try org.link("acme", "a") == org.link("acme", "b"))
        }
    }

    @Test("a contact without a phone waits, parked, until Avochato has one")
    func aContactWithoutAPhoneWaitsForOne() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.contact("quiet", ["first_name": "Quinn"]), lines.note("quiet", "met at the fair"),
            ])
            try await org.sync()
            #expect(try org.state().account("acme").parked.count == 2)
            let before = await org.apiRequests()
            try await org.sync()
            #expect(await org.apiRequests() == before, "nothing to look up: no calls")
            try await org.append([lines.contact("quiet", ["phone": "4155550185"])])
            try await org.sync()
            let lead = try #require(try org.link("acme", "quiet"))
            #expect(await org.tasks(on: lead.id).count == 1)
            #expect(
                await org.query("SELECT FirstName FROM Lead WHERE Id = '\(lead.id)'").first?["FirstName"]?.stringValue
                    == "Quinn"
            )
            #expect(try org.state().account("acme").parked.isEmpty)
        }
    }
}
