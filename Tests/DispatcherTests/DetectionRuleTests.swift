import EmulatorTestSupport
import EventLog
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 7, record detection: which record a contact is linked to.
@Suite("Rules: record detection")
struct DetectionRuleTests {
    @Test("default detection matches Phone or MobilePhone of Leads and Contacts, whatever the formatting")
    func defaultDetectionIsFormatBlind() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            // The org writes these as "415.555.0102" (MobilePhone), "+1 415 555 0103", "+44 20 7946 0958",
            // "415-555-0105" and "1 (415) 555-0106" (a Lead's MobilePhone).
            let phones = [
                "grace": "(415) 555-0102", "alan": "4155550103", "katherine": "+44 20 7946 0958",
                "linus": "+1 415 555 0105", "barbara": "415.555.0106",
            ]
            for (contact, phone) in phones.sorted(by: { $0.key < $1.key }) {
            }
            try await org.append(phones.keys.sorted().map { lines.contact($0, ["phone": phones[$0]!]) })
            try await org.sync()
            #expect(try org.link("acme", "grace") == RecordReference(object: "Contact", id: "0035e0000000002AAA"))
            #expect(try org.link("acme", "alan") == RecordReference(object: "Contact", id: "0035e0000000003AAA"))
            #expect(try org.link("acme", "katherine") == RecordReference(object: "Contact", id: "0035e0000000004AAA"))
            #expect(try org.link("acme", "linus") == RecordReference(object: "Lead", id: "00Q5e0000000001EAA"))
            #expect(try org.link("acme", "barbara") == RecordReference(object: "Lead", id: "00Q5e0000000002EAA"))
            #expect(await org.query("SELECT Id FROM Lead").count == 4, "nothing was created")
        }
    }

    @Test("converted Leads never match")
    func convertedLeadsNeverMatch() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            // Margaret's converted Lead has "(415) 555-0104"; her Contact has "4155550104".
            try await org.append([lines.contact("margaret", ["phone": "(415) 555-0104"])])
            try await org.sync()
            let linked = try #require(
                try org.outcomes().first { if case .linked = $0.kind { return true } else { return false } }
            )
            #expect(
                linked.kind
                    == .linked(record: RecordReference(object: "Contact", id: "0035e0000000005AAA"), reason: .matched)
            )
        }
    }

    @Test("several matches: Contact before Lead, and the ambiguity is recorded")
    func severalMatchesPreferTheContact() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("ada", ["phone": "+14155550101"])])
            try await org.sync()
            let linked = try org.outcomes().compactMap { outcome -> OutcomeKind? in
                if case .linked = outcome.kind { return outcome.kind } else { return nil }
            }
            #expect(
                linked == [
                    .linked(
                        record: RecordReference(object: "Contact", id: "0035e0000000001AAA"),
                        reason: .ambiguous(others: [RecordReference(object: "Lead", id: "00Q5e0000000003EAA")])
                    )
                ]
            )
        }
    }

    @Test("several matches of one object: the most recently modified, then the lowest id")
    func severalLeadsPreferTheNewestThenTheLowestID() async throws {
        try await withHarness(edit: Self.addTiedLeads) { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.contact("c1", ["phone": "4155550177"]), lines.contact("c2", ["phone": "4155550188"]),
            ])
            try await org.sync()
            let newest = await org.query("SELECT Id FROM Lead WHERE LastName = 'New'")[0]["Id"]?.stringValue
            let lowest = await org.query("SELECT Id FROM Lead WHERE LastName = 'Same' ORDER BY Id")[0]["Id"]?
                .stringValue
            #expect(try org.link("acme", "c1")?.id == newest)
            #expect(try org.link("acme", "c2")?.id == lowest)
        }
    }

    /// Two Leads on one number modified at different times, and two modified at the same time.
    static func addTiedLeads(_ fixture: inout OrgFixture) {
        fixture.records["Lead", default: []] += [
            [
                "LastName": "Old", "Company": "A", "Phone": "(415) 555-0177",
                "LastModifiedDate": "2026-01-01T00:00:00.000+0000",
            ],
            [
                "LastName": "New", "Company": "B", "Phone": "415-555-0177",
                "LastModifiedDate": "2026-06-01T00:00:00.000+0000",
            ],
            [
                "LastName": "Same", "Company": "C", "Phone": "+14155550188",
                "LastModifiedDate": "2026-06-01T00:00:00.000+0000",
            ],
            [
                "LastName": "Same", "Company": "D", "Phone": "4155550188",
                "LastModifiedDate": "2026-06-01T00:00:00.000+0000",
            ],
        ]
    }

    @Test("a link is kept forever, whatever the settings say later")
    func linksAreKeptForever() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"])])
            try await org.sync()
            try await org.append([
                lines.settings([
                    "sync_object": "AvoCustomer__c", "phone_field": "CustomPhoneNumber__c",
                    "create_missing_records": false,
                ]),
                lines.textMessage("grace", "still you?"),
            ])
            try await org.sync()
            #expect(try org.link("acme", "grace") == RecordReference(object: "Contact", id: "0035e0000000002AAA"))
            let tasks = await org.tasks(on: "0035e0000000002AAA")
            #expect(tasks.count == 1)
            #expect(tasks.first?["WhoId"]?.stringValue == "0035e0000000002AAA")
        }
    }

    @Test("a linked Lead that was converted: the link follows it to its Contact, and says so")
    func linkFollowsAConvertedLead() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            // The contact was linked to Margaret's Lead before it was converted.
            let writer = try LogWriter(directory: org.data + "/sync")
            let lead = RecordReference(object: "Lead", id: "00Q5e0000000004EAA")
            _ = try writer.append(
                StoredEncoding.encode(
                    Outcome(
                        account: "acme",
                        at: EventTime(seconds: 1_764_000_000),
                        contact: "margaret",
                        kind: .linked(record: lead, reason: .matched)
                    )
                )
            )
            try writer.close()
            var lines = EventLines()
            try await org.append([lines.note("margaret", "called about the order")])
            try await org.sync()
            let contact = RecordReference(object: "Contact", id: "0035e0000000005AAA")
            #expect(try org.link("acme", "margaret") == contact)
            #expect(
                try org.outcomes().contains {
                    $0.kind == .linked(record: contact, reason: .followedConversion(from: lead))
                }
            )
            #expect(await org.tasks(on: contact.id).count == 1)
        }
    }
}
