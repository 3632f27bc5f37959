import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 8: effects land once, whatever the search index, replays, faults and refusals do.
@Suite("Dispatch: exactly once")
struct ExactlyOnceTests {
    /// Every Lead, Contact, custom record and Task, with the fields sync writes, sorted: the org's state.
    static func orgContents(_ org: SyncHarness) async -> [String] {
        var rows: [String] = []
        for (object, fields) in [
            ("Lead", "Id, FirstName, LastName, Company, Phone, MobilePhone, Email, Rating, FavoriteFood__c"),
            ("Contact", "Id, FirstName, LastName, Phone, MobilePhone, Email, FavoriteFood__c"),
            ("AvoCustomer__c", "Id, Name, CustomPhoneNumber__c, FavoriteFood__c"),
            ("Task", "Id, Subject, Status, WhoId, WhatId, Description, Avochato_Event_Id__c"),
        ] {
            for record in await org.query("SELECT \(fields) FROM \(object)") {
                rows.append(object + " " + String(decoding: record.encoded(), as: UTF8.self))
            }
        }
        return rows.sorted()
    }

    /// A mixed history: matches, creations, edits, calls, texts and notes, and a custom-field mapping.
    static func mixedHistory(contacts: Int = 12) -> [String] {
        var lines = EventLines()
        var result = [lines.customField("favorite_food", salesforceField: "FavoriteFood__c")]
        for index in 0..<contacts {
            let contact = "c\(index)"
            let phone =
                index < 3 ? ["4155550101", "4155550102", "4155550105"][index] : "4156" + String(format: "%06d", index)
            result.append(
                lines.contact(
                    contact,
                    ["phone": phone, "last_name": "Person \(index)"],
                    custom: ["favorite_food": "Dish \(index)"]
                )
            )
            result.append(lines.textMessage(contact, "hello \(index)"))
            result.append(lines.call(contact, seconds: index * 7))
            result.append(
                lines.contact(
                    contact,
                    ["email": "p\(index)@example.com"],
                    custom: ["favorite_food": "Second dish \(index)"]
                )
            )
            result.append(lines.note(contact, "note \(index)"))
        }
        return result
    }

    @Test("replaying the same logs twice changes nothing in the org")
    func replayingTwiceChangesNothing() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            try await org.append(Self.mixedHistory())
            try await org.sync()
            let first = await Self.orgContents(org)
            #expect(first.filter { $0.hasPrefix("Task ") }.count == 36)

            // Again with the logs as they are: nothing pending, nothing written; the only calls are
            // change capture's, one query per object that has links.
            let linked = Set(try org.state().account("acme").contacts.values.compactMap(\.link?.object))
            let before = await org.requestsByResource()
            let again = try await org.sync()
            let calls = await org.requestsByResource().merging(before) { $0 - $1 }.filter { $0.value != 0 }
            #expect(calls == ["queryAll": linked.count], "\(calls) with nothing pending, links on \(linked.sorted())")
            #expect(again.text.contains("dispatched 0 events"))
            #expect(await Self.orgContents(org) == first)

            // Again from scratch: sync/ and snapshots/ deleted, everything replayed against the same org.
            removeTree(org.data + "/sync")
            removeTree(org.data + "/snapshots")
            try await org.sync()
            #expect(await Self.orgContents(org) == first)
            #expect(try org.state().account("acme").linkCount == 12)
        }
    }

    @Test("the search index's lag never causes a duplicate record")
    func searchIndexLagCausesNoDuplicate() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            try await org.faults(["search_index_delay_ms": 3_600_000])
            var lines = EventLines()
            try await org.append([lines.contact("first", ["phone": "4155550190"]), lines.textMessage("first", "one")])
            try await org.sync()
            // A second contact with the same number, while the search index does not show the new Lead.
            try await org.append([
                lines.contact("second", ["phone": "(415) 555-0190"]), lines.textMessage("second", "two"),
            ])
            try await org.sync()
            #expect(await org.query("SELECT Id FROM Lead WHERE Phone = '+14155550190'").count == 1)
            #expect(try org.link("acme", "first") == org.link("acme", "second"))

            // The dispatcher's own memory lost too: the consistent look-up still finds the Lead.
            removeTree(org.data + "/sync")
            removeTree(org.data + "/snapshots")
            try await org.sync()
            #expect(await org.query("SELECT Id FROM Lead WHERE Phone = '+14155550190'").count == 1)
            #expect(await org.query("SELECT Id FROM Task").count == 2)
        }
    }

    @Test("the search index's lag never duplicates a custom object record, which has no external id")
    func searchIndexLagCausesNoDuplicateCustomRecord() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            try await org.faults(["search_index_delay_ms": 3_600_000])
            var lines = EventLines()
            try await org.append([
                lines.settings(["sync_object": "AvoCustomer__c", "phone_field": "CustomPhoneNumber__c"]),
                lines.contact("first", ["phone": "4155550191", "last_name": "Lag"]),
            ])
            try await org.sync()
            removeTree(org.data + "/sync")
            removeTree(org.data + "/snapshots")
            try await org.sync()
            try await org.append([lines.contact("second", ["phone": "415.555.0191"])])
            try await org.sync()
            #expect(await org.query("SELECT Id FROM AvoCustomer__c").count == 1)
        }
    }

    @Test("a permanent validation failure of one contact leaves the others synced, and is a re-drivable dead letter")
    func permanentFailureIsolatedAndRedrivable() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let tooLong = String(repeating: "x", count: 300)
            try await org.append([
                lines.customField("favorite_food", salesforceField: "FavoriteFood__c"),
                lines.contact("bad", ["phone": "4155550102"], custom: ["favorite_food": tooLong]),
                lines.textMessage("bad", "this Task still lands"),
                lines.contact("good", ["phone": "4155550103"], custom: ["favorite_food": "Soup"]),
                lines.textMessage("good", "fine"),
            ])
            try await org.sync()
            #expect(
                await org.query("SELECT FavoriteFood__c FROM Contact WHERE Id = '0035e0000000003AAA'").first?[
                    "FavoriteFood__c"
                ]?.stringValue == "Soup"
            )
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 1)
            #expect(await org.tasks(on: "0035e0000000003AAA").count == 1)
            let letters = try org.state().account("acme").deadLetters
            #expect(letters.count == 1)
            #expect(letters.values.first?.failure.errorCode == "STRING_TOO_LONG")
            let listed = try await org.avosync(["deadletters", "--account", "acme"])
            #expect(listed.text.contains("STRING_TOO_LONG"))
            let status = try await org.avosync(["status", "--account", "acme"])
            #expect(status.text.contains("dead letters 1"))

            // Unmapped, then re-driven: the event is answered and the dead letter is gone.
            try await org.append([lines.customField("favorite_food", salesforceField: nil)])
            let redrive = try await org.avosync(["deadletters", "--account", "acme", "--redrive"])
            #expect(redrive.status == 0, "\(redrive.errors)")
            try await org.sync()
            #expect(try org.state().account("acme").deadLetters.isEmpty)
        }
    }

    @Test("lookups, records and Tasks are batched: few calls per thousand events")
    func batchingKeepsCallsFew() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            try await org.append(Self.mixedHistory(contacts: 200))
            let before = await org.apiRequests()
            try await org.sync()
            let calls = await org.apiRequests() - before
            #expect(calls <= 15, "\(calls) calls for 1,001 events")
            #expect(await org.query("SELECT Id FROM Task").count == 600)
        }
    }
}
