import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 7, field sync.
@Suite("Rules: field sync")
struct FieldSyncRuleTests {
    @Test(
        "FirstName, LastName, Phone, MobilePhone, Company, Email and Rating are only filled where Salesforce has nothing"
    )
    func protectedFieldsAreOnlyFilledWhenEmpty() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            // Linus's Lead has FirstName, LastName, Company, Phone and Rating, but no Email or MobilePhone.
            try await org.append([
                lines.contact(
                    "linus",
                    [
                        "phone": "4155550105", "first_name": "Lin", "last_name": "T", "company": "Other",
                        "rating": "Hot", "email": "linus@example.com", "mobile_phone": "4155550999",
                    ]
                )
            ])
            try await org.sync()
            let lead = try #require(
                await org.query(
                    "SELECT FirstName, LastName, Company, Rating, Phone, Email, MobilePhone FROM Lead WHERE Id = '00Q5e0000000001EAA'"
                ).first
            )
            #expect(lead["FirstName"]?.stringValue == "Linus")
            #expect(lead["LastName"]?.stringValue == "Torvalds")
            #expect(lead["Company"]?.stringValue == "Linux Foundation")
            #expect(lead["Rating"]?.stringValue == "Warm")
            #expect(lead["Phone"]?.stringValue == "415-555-0105")
            #expect(lead["Email"]?.stringValue == "linus@example.com")
            #expect(lead["MobilePhone"]?.stringValue == "+14155550999")
            let written = try org.outcomes().compactMap { outcome -> (written: [String], skipped: [SkippedField])? in
                if case .fieldsWritten(_, let written, let skipped) = outcome.kind { return (written, skipped) }
                return nil
            }
            #expect(written.first?.written.sorted() == ["Email", "MobilePhone"])
            #expect(
                written.first?.skipped.map(\.field).sorted() == ["Company", "FirstName", "LastName", "Phone", "Rating"]
            )
        }
    }

    @Test("a mapped custom field is always overwritten with Avochato's latest value")
    func mappedCustomFieldsAreOverwritten() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.customField("favorite_food", salesforceField: "FavoriteFood__c"),
                lines.contact("ada", ["phone": "4155550101"], custom: ["favorite_food": "Avocado Toast"]),
            ])
            try await org.sync()
            let query = "SELECT FavoriteFood__c FROM Contact WHERE Id = '0035e0000000001AAA'"
            #expect(await org.query(query).first?["FavoriteFood__c"]?.stringValue == "Avocado Toast")
            try await org.append([lines.contact("ada", [:], custom: ["favorite_food": "Hamburgers"])])
            try await org.sync()
            #expect(await org.query(query).first?["FavoriteFood__c"]?.stringValue == "Hamburgers")
        }
    }

    @Test("only fields that exist and are updatable are written; the others are skipped and said so")
    func onlyExistingUpdatableFieldsAreWritten() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.customField("shoe", salesforceField: "ShoeSize__c"),
                lines.customField("full_name", salesforceField: "Name"),
                // Grace is a Contact: Contacts have no Company or Rating.
                lines.contact(
                    "grace",
                    ["phone": "4155550102", "company": "Navy", "rating": "Hot", "email": "grace@example.com"],
                    custom: ["shoe": 7, "full_name": "Grace Hopper"]
                ),
            ])
            try await org.sync()
            let fields = try #require(
                try org.outcomes().compactMap { outcome -> (written: [String], skipped: [SkippedField])? in
                    if case .fieldsWritten(_, let written, let skipped) = outcome.kind { return (written, skipped) }
                    return nil
                }.first
            )
            // Grace's Contact has a MobilePhone but no Phone: Phone is filled.
            #expect(fields.written == ["Phone", "Email"])
            let skipped = Dictionary(uniqueKeysWithValues: fields.skipped.map { ($0.field, $0.reason) })
            #expect(skipped["Company"]?.contains("Contact has no field Company") == true)
            #expect(skipped["Rating"]?.contains("Contact has no field Rating") == true)
            #expect(skipped["ShoeSize__c"]?.contains("no field ShoeSize__c") == true)
            #expect(skipped["Name"]?.contains("cannot be updated") == true)
            let contact = await org.query("SELECT Email FROM Contact WHERE Id = '0035e0000000002AAA'")
            #expect(contact.first?["Email"]?.stringValue == "grace@example.com")
        }
    }

    @Test("field sync off: no field is written, but links, creation and Tasks go on")
    func fieldSyncOffWritesNoFields() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.settings(["sync_field_updates": false]),
                lines.customField("favorite_food", salesforceField: "FavoriteFood__c"),
                lines.contact(
                    "grace",
                    ["phone": "4155550102", "email": "grace@example.com"],
                    custom: ["favorite_food": "Tea"]
                ),
                lines.textMessage("grace", "hello"),
                lines.contact("new", ["phone": "4155550180", "last_name": "Fresh"]),
            ])
            try await org.sync()
            let grace = try #require(
                await org.query("SELECT Email, FavoriteFood__c FROM Contact WHERE Id = '0035e0000000002AAA'").first
            )
            #expect(grace["Email"] == .null)
            #expect(grace["FavoriteFood__c"] == .null)
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 1)
            #expect(
                await org.query("SELECT LastName FROM Lead WHERE Phone = '+14155550180'").first?["LastName"]?
                    .stringValue == "Fresh"
            )
        }
    }

    @Test("the settings in force at each event's offset decide, so a replay plans the same")
    func settingsInForceAtEachEventDecide() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.customField("favorite_food", salesforceField: "FavoriteFood__c"),
                lines.settings(["sync_field_updates": false]),
                lines.contact("ada", ["phone": "4155550101"], custom: ["favorite_food": "Tea"]),
                lines.settings(["sync_field_updates": true]),
                lines.contact("grace", ["phone": "4155550102"], custom: ["favorite_food": "Coffee"]),
            ])
            try await org.sync()
            #expect(
                await org.query("SELECT FavoriteFood__c FROM Contact WHERE Id = '0035e0000000001AAA'").first?[
                    "FavoriteFood__c"
                ] == .null
            )
            #expect(
                await org.query("SELECT FavoriteFood__c FROM Contact WHERE Id = '0035e0000000002AAA'").first?[
                    "FavoriteFood__c"
                ]?.stringValue == "Coffee"
            )
        }
    }

    @Test("one contact's edits apply in log order, several in one batch coalesced into one write")
    func editsApplyInLogOrder() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append(
                [lines.customField("favorite_food", salesforceField: "FavoriteFood__c")]
                    + ["Soup", "Salad", "Pie"].map {
                        lines.contact("ada", ["phone": "4155550101"], custom: ["favorite_food": $0])
                    }
            )
            try await org.sync()
            #expect(
                await org.query("SELECT FavoriteFood__c FROM Contact WHERE Id = '0035e0000000001AAA'").first?[
                    "FavoriteFood__c"
                ]?.stringValue == "Pie"
            )
            try await org.append(["Cake", "Bread"].map { lines.contact("ada", [:], custom: ["favorite_food": $0]) })
            try await org.sync(["--batch-size", "1"])
            #expect(
                await org.query("SELECT FavoriteFood__c FROM Contact WHERE Id = '0035e0000000001AAA'").first?[
                    "FavoriteFood__c"
                ]?.stringValue == "Bread"
            )
        }
    }
}
