import Dispatcher
import Foundation
import Projection
import SalesforceClient
import SyncModel
import Testing

/// The planner's rules as plain values, without I/O.
@Suite("Planner")
struct PlannerTests {
    /// A describe result with `fields` (name, type, updateable) and the given flags.
    static func object(
        _ name: String,
        _ fields: [(String, String, Bool)],
        searchable: Bool = true,
        feed: Bool = true,
        activities: Bool = true,
        required: [String] = []
    ) -> ObjectDescription {
        let described = fields.map { field -> [String: Any] in
            [
                "name": field.0, "label": field.0, "type": field.1, "length": field.1 == "textarea" ? 32000 : 80,
                "nillable": !required.contains(field.0), "createable": true, "updateable": field.2,
                "externalId": field.0.hasPrefix("Avochato_"),
                "unique": false, "defaultedOnCreate": false, "calculated": false, "referenceTo": [],
            ]
        }
        let object: [String: Any] = [
            "name": name, "label": name, "custom": name.hasSuffix("__c"), "searchable": searchable, "feedEnabled": feed,
            "fields": described,
            "childRelationships": activities
                ? [["childSObject": "Task", "field": "WhatId", "relationshipName": "Tasks"]] : [],
        ]
        return try! JSONDecoder().decode(ObjectDescription.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static let contact = object(
        "Contact",
        [
            ("Id", "id", false), ("FirstName", "string", true), ("LastName", "string", true), ("Phone", "phone", true),
            ("Email", "email", true), ("Name", "string", false), ("FavoriteFood__c", "string", true),
        ]
    )

    @Test("phones compare on digits, with North America's leading 1 optional")
    func phonesCompareOnDigits() {
        for written in ["(415) 555-0101", "415.555.0101", "+1 415 555 0101", "1-415-555-0101", "4155550101"] {
            #expect(PhoneMatching.key(written) == "4155550101", "\(written)")
        }
        #expect(PhoneMatching.key("+44 20 7946 0958") == "442079460958")
        #expect(PhoneMatching.key("555") == nil)
        let spellings = PhoneMatching.spellings(PhoneNumber(e164: "+14155550101")!)
        #expect(spellings.prefix(5) == ["+14155550101", "4155550101", "14155550101", "(415) 555-0101", "415-555-0101"])
    }

    @Test("several matches: Contact, then Lead, then the newest, then the lowest id")
    func tieBreak() throws {
        func candidate(_ object: String, _ id: String, _ modified: String) -> CandidateRecord {
            CandidateRecord(record: RecordReference(object: object, id: id), lastModified: modified)
        }
        let chosen = try #require(
            RecordChoice.choose([
                candidate("Lead", "00Q1", "2026-09-01T00:00:00.000+0000"),
                candidate("Contact", "0032", "2026-01-01T00:00:00.000+0000"),
                candidate("Contact", "0031", "2026-01-01T00:00:00.000+0000"),
                candidate("Contact", "0039", "2025-01-01T00:00:00.000+0000"),
            ])
        )
        #expect(chosen.chosen.record.id == "0031")
        #expect(chosen.others.map(\.record.id) == ["0032", "0039", "00Q1"])
        #expect(
            RecordChoice.choose([candidate("Lead", "00Q2", "2026-02-01"), candidate("Lead", "00Q1", "2026-01-01")])?
                .chosen.record.id == "00Q2"
        )
        #expect(RecordChoice.choose([]) == nil)
        #expect(RecordChoice.reason(others: []) == .matched)
    }

    @Test(
        "fill-only-if-empty for the seven fields; mapped custom fields overwritten; missing and read-only fields skipped"
    )
    func fieldPlan() {
        var planner = FieldPlanner(
            object: Self.contact,
            phoneField: nil,
            customFields: [
                "food": CustomFieldDefinition(key: "food", label: "Food", salesforceField: "FavoriteFood__c"),
                "full": CustomFieldDefinition(key: "full", label: "Full", salesforceField: "Name"),
                "free": CustomFieldDefinition(key: "free", label: "Free", salesforceField: nil),
            ],
            currentValues: ["FirstName": "Ada", "LastName": "  ", "FavoriteFood__c": "Tea"]
        )
        let plan = planner.plan(
            ContactUpsert(
                contact: "c",
                fields: [
                    .firstName: "Augusta", .lastName: "King", .email: "ada@example.com", .company: "Engines",
                    .phone: nil as String?,
                ],
                customFields: ["food": .string("Cake"), "full": .string("X"), "free": .string("y")]
            )
        )
        #expect(plan.written == ["LastName", "Email", "FavoriteFood__c"])
        let skipped = Dictionary(uniqueKeysWithValues: plan.skipped.map { ($0.field, $0.reason) })
        #expect(skipped["FirstName"]?.contains("already has a value") == true)
        #expect(skipped["Company"]?.contains("no field Company") == true)
        #expect(skipped["Phone"]?.contains("never cleared") == true)
        #expect(skipped["Name"]?.contains("cannot be updated") == true)
        #expect(skipped["free"]?.contains("no Salesforce field mapped") == true)
        #expect(planner.writes == ["LastName": "King", "Email": "ada@example.com", "FavoriteFood__c": "Cake"])
        // A later edit in the same batch sees the earlier one: Email is no longer empty.
        let second = planner.plan(
            ContactUpsert(contact: "c", fields: [.email: "other@example.com"], customFields: ["food": .string("Pie")])
        )
        #expect(second.written == ["FavoriteFood__c"])
        #expect(planner.writes["FavoriteFood__c"] == "Pie")
        #expect(planner.writes["Email"] == "ada@example.com")
    }

    @Test("an unchanged custom value is not sent again")
    func unchangedValuesAreNotSent() {
        var planner = FieldPlanner(
            object: Self.contact,
            phoneField: nil,
            customFields: [
                "food": CustomFieldDefinition(key: "food", label: "Food", salesforceField: "FavoriteFood__c")
            ],
            currentValues: ["FavoriteFood__c": "Tea"]
        )
        let plan = planner.plan(ContactUpsert(contact: "c", customFields: ["food": .string("Tea")]))
        #expect(plan.written == ["FavoriteFood__c"])
        #expect(planner.writes.isEmpty)
    }

    @Test("the four eligibility criteria, each failing alone")
    func eligibility() {
        let phone = [("Name", "string", true), ("Phone__c", "phone", true)]
        #expect(TargetEligibility.failures(of: Self.object("Ok__c", phone)).isEmpty)
        #expect(
            TargetEligibility.failures(of: Self.object("A__c", [("Name", "string", true)])) == [
                "has no phone-type field"
            ]
        )
        #expect(
            TargetEligibility.failures(of: Self.object("B__c", phone, searchable: false)).first?.contains(
                "not searchable"
            ) == true
        )
        #expect(
            TargetEligibility.failures(of: Self.object("C__c", phone, activities: false)).first?.contains("activities")
                == true
        )
        #expect(
            TargetEligibility.failures(of: Self.object("D__c", phone, feed: false)).first?.contains("feed tracking")
                == true
        )
    }

    @Test("settings resolve to a target, or to the reason the account's look-ups are blocked")
    func targetResolution() throws {
        let objects = [
            "Ok__c": Self.object(
                "Ok__c",
                [("Name", "string", true), ("Phone__c", "phone", true), ("Notes__c", "string", true)]
            ), "Contact": Self.contact, "Lead": Self.contact,
        ]
        func resolve(_ object: SyncTarget, _ field: PhoneFieldChoice) -> Result<ResolvedTarget, TargetProblem> {
            var settings = AccountSettings.defaults
            settings.syncObject = object
            settings.phoneField = field
            return TargetEligibility.resolve(settings) { objects[$0] }
        }
        #expect(try resolve(.leadsAndContacts, .automatic).get() == .leadsAndContacts)
        #expect(try resolve(.object("Ok__c"), .automatic).get().matchFields == ["Phone__c"])
        #expect(try resolve(.object("Ok__c"), .field("Phone__c")).get().creationObject == "Ok__c")
        #expect(try resolve(.leadsAndContacts, .field("Phone")).get().matchFields == ["Phone"])
        for (object, field, reason) in [
            (SyncTarget.object("Gone__c"), PhoneFieldChoice.automatic, "does not exist in the org"),
            (.object("Ok__c"), .field("Missing__c"), "does not exist on Ok__c"),
            (.object("Ok__c"), .field("Notes__c"), "not a phone field"),
        ] {
            guard case .failure(let problem) = resolve(object, field) else {
                Issue.record("\(object) \(field) resolved")
                continue
            }
            #expect(problem.description.contains(reason), "\(problem)")
        }
    }

    @Test("a Task: closed, on WhoId or WhatId, with the activity's details, fitted to the org's Task")
    func taskFields() throws {
        let task = Self.object(
            "Task",
            [
                ("Subject", "string", true), ("Status", "picklist", true), ("WhoId", "reference", true),
                ("WhatId", "reference", true), ("Description", "textarea", true), ("CallType", "picklist", true),
                ("CallDurationInSeconds", "int", true), ("Avochato_Event_Id__c", "string", true),
                ("ActivityDate", "date", true),
            ]
        )
        let call = Event(
            id: "e1",
            account: "acme",
            at: EventTime(seconds: 1_764_320_700),
            payload: .callLogged(
                CallLog(contact: "c", direction: .inbound, durationSeconds: 61, disposition: "Reached")
            )
        )
        let fields = try #require(
            TaskPlan.fields(for: call, on: RecordReference(object: "AvoCustomer__c", id: "a00X"), task: task)
        )
        #expect(fields["Status"] == "Completed")
        #expect(fields["WhatId"] == "a00X" && fields["WhoId"] == nil)
        #expect(fields["Subject"] == "Inbound call (1m 01s)")
        #expect(fields["CallType"] == "Inbound" && fields["CallDurationInSeconds"] == .int(61))
        #expect(fields["Avochato_Event_Id__c"] == "acme/e1")
        #expect(fields["ActivityDate"] == "2025-11-28")
        #expect(fields["CallDisposition"] == nil, "the org's Task has no CallDisposition")
        #expect(fields["Description"]?.string?.contains("Disposition: Reached") == true)
        let long = TaskPlan.truncated(String(repeating: "a", count: 50_000), to: 32_000)
        #expect(long.count <= 32_000)
        #expect(long.hasSuffix("first 31938 kept]") || long.contains("[truncated by avosync: 50000 characters"))
    }

    @Test("a created record: mapped fields, the phone in the target's field, the external id, honest placeholders")
    func creationFields() {
        let lead = Self.object(
            "Lead",
            [
                ("FirstName", "string", true), ("LastName", "string", true), ("Company", "string", true),
                ("Phone", "phone", true), ("Avochato_Contact_Id__c", "string", true),
            ],
            required: ["LastName"]
        )
        var contact = ContactState()
        contact.fields[.phone] = "+14155550101"
        contact.fields[.firstName] = "Ada"
        let fields = RecordCreation.fields(
            account: "acme",
            contactID: "c-1",
            contact: contact,
            object: lead,
            phoneField: "Phone",
            customFields: [:]
        )
        #expect(fields["FirstName"] == "Ada")
        #expect(fields["Phone"] == "+14155550101")
        #expect(fields["LastName"] == "[no lastname in Avochato]")
        #expect(fields["Company"] == "[no company in Avochato]")
        #expect(fields["Avochato_Contact_Id__c"] == "acme/c-1")
        let custom = Self.object("Avo__c", [("Name", "string", true), ("Tel__c", "phone", true)], required: ["Name"])
        let customFields = RecordCreation.fields(
            account: "acme",
            contactID: "c-1",
            contact: contact,
            object: custom,
            phoneField: "Tel__c",
            customFields: [:]
        )
        #expect(customFields["Name"] == "Ada")
        #expect(customFields["Tel__c"] == "+14155550101")
        #expect(customFields["Avochato_Contact_Id__c"] == nil)
    }
}
