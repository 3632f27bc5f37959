import EmulatorTestSupport
import Foundation
import SalesforceEmulator
import Synchronization
import Testing

/// SOSL: phone fields found by their digits whatever the formatting, reserved characters, the
/// search index delay, and converted Leads.
@Suite struct SOSLTests {
    func search(_ org: OrgConnection, _ sosl: String) async -> OrgConnection.Reply {
        await org.call("GET", "search?q=" + OrgConnection.formEncoded(sosl))
    }

    func ids(_ reply: OrgConnection.Reply) -> [String] {
        reply.json?["searchRecords"]?.arrayValue?.compactMap { $0["Id"]?.stringValue } ?? []
    }

    @Test(arguments: ["4155550101", "14155550101", "\\+14155550101", "\"(415) 555-0101\"", "415.555.0101"])
    func phoneFieldsMatchOnDigitsWhateverTheFormatting(_ term: String) async throws {
        let org = try await OrgConnection.standard()
        let reply = await search(org, "FIND {\(term)} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id)")
        #expect(reply.status == 200)
        // Contact Ada Lovelace "(415) 555-0101" and Lead Ada Lovelace "415.555.0101".
        #expect(ids(reply) == ["0035e0000000001AAA", "00Q5e0000000003EAA"])
    }

    @Test func severalPhonesInOneSearchWithOr() async throws {
        let org = try await OrgConnection.standard()
        let reply = await search(
            org,
            "FIND {4155550102 OR 4155550103 OR 442079460958 OR 4155550106} IN PHONE FIELDS RETURNING Contact(Id, Phone, MobilePhone), Lead(Id)"
        )
        #expect(ids(reply) == ["0035e0000000002AAA", "0035e0000000003AAA", "0035e0000000004AAA", "00Q5e0000000002EAA"])
    }

    @Test func convertedLeadsAreFilteredByIsConverted() async throws {
        let org = try await OrgConnection.standard()
        let all = await search(org, "FIND {4155550104} IN PHONE FIELDS RETURNING Lead(Id, IsConverted)")
        #expect(ids(all) == ["00Q5e0000000004EAA"])
        let open = await search(
            org,
            "FIND {4155550104} IN PHONE FIELDS RETURNING Lead(Id WHERE IsConverted = false), Contact(Id)"
        )
        #expect(ids(open) == ["0035e0000000005AAA"])
    }

    static let refusals: [Refusal] = [
        Refusal("FIND {+14155550101} IN PHONE FIELDS", "MALFORMED_SEARCH"),
        Refusal("FIND {415-555-0101} IN PHONE FIELDS", "MALFORMED_SEARCH"),
        Refusal("FIND {a} IN ALL FIELDS", "MALFORMED_SEARCH"),
        Refusal("FIND {4155550101", "MALFORMED_SEARCH"),
        Refusal("FIND 4155550101", "MALFORMED_SEARCH"),
        Refusal("FIND {xy} RETURNING NotSearchable__c} RETURNING Contact", "MALFORMED_SEARCH"),
        Refusal("FIND {4155550101} IN PHONE FIELDS RETURNING NotSearchable__c(Id)", "INVALID_TYPE"),
        Refusal("FIND {4155550101} IN PHONE FIELDS RETURNING Contact(Nope)", "INVALID_FIELD"),
        Refusal("FIND {4155550101} IN SECRET FIELDS", "MALFORMED_SEARCH"),
    ]

    @Test(arguments: refusals)
    func malformedSearchesAreRefusedWithSalesforcesCode(_ refusal: Refusal) async throws {
        let org = try await OrgConnection.standard()
        let reply = await search(org, refusal.text)
        #expect(reply.status == 400)
        #expect(reply.json?.arrayValue?.first?["errorCode"]?.stringValue == refusal.code)
    }

    @Test func escapedReservedCharactersAreSearchedForNotObeyed() async throws {
        let org = try await OrgConnection.standard(edit: { fixture in
            fixture.records["Contact", default: []].append(["LastName": "Brace} RETURNING Lead", "Phone": "555 0199"])
        })
        // A name that tries to close the term and add a RETURNING clause, escaped as it must be.
        let reply = await search(org, "FIND {Brace\\} RETURNING Lead} IN NAME FIELDS RETURNING Contact(LastName)")
        #expect(reply.status == 200)
        #expect(reply.json?["searchRecords"]?.arrayValue?.map { $0["LastName"] } == ["Brace} RETURNING Lead"])
    }

    @Test func nameAndEmailFieldsMatchWordsAndWildcards() async throws {
        let org = try await OrgConnection.standard()
        #expect(ids(await search(org, "FIND {lovel*} IN NAME FIELDS RETURNING Contact(Id)")) == ["0035e0000000001AAA"])
        #expect(
            ids(await search(org, "FIND {\"ada@acme.example\"} IN EMAIL FIELDS RETURNING Contact(Id)")) == [
                "0035e0000000001AAA"
            ]
        )
        #expect(ids(await search(org, "FIND {Ada AND NOT Lovelace} IN NAME FIELDS RETURNING Contact(Id)")).isEmpty)
    }

    @Test func theSearchIndexDelayHidesNewRecordsFromSOSLButNotFromSOQL() async throws {
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let org = try await OrgConnection.standard(clock: { now.withLock { $0 } })
        let faults = await org.call("POST", "/__emulator/faults", json: ["search_index_delay_ms": 120_000])
        #expect(faults.status == 200)
        let created = await org.call(
            "POST",
            "sobjects/Lead",
            json: ["LastName": "Fresh", "Company": "New Co", "Phone": "(212) 555-0199"]
        )
        #expect(created.status == 201)
        let sosl = "FIND {2125550199} IN PHONE FIELDS RETURNING Lead(Id)"
        #expect(ids(await search(org, sosl)).isEmpty)
        #expect(await org.query("SELECT Id FROM Lead WHERE Phone = '(212) 555-0199'").count == 1)
        now.withLock { $0 += 121 }
        #expect(ids(await search(org, sosl)) == [created.json?["id"]?.stringValue ?? "?"])
    }

    @Test func withoutADelayNewRecordsAreFoundAtOnce() async throws {
        let org = try await OrgConnection.standard()
        let created = await org.call(
            "POST",
            "sobjects/AvoCustomer__c",
            json: ["Name": "Custom", "CustomPhoneNumber__c": "+1 (646) 555-0142"]
        )
        let reply = await search(org, "FIND {6465550142} IN PHONE FIELDS RETURNING AvoCustomer__c(Id, Name)")
        #expect(ids(reply) == [created.json?["id"]?.stringValue ?? "?"])
    }
}
