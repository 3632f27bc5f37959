import EmulatorTestSupport
import SalesforceEmulator
import Testing

/// SOQL: the subset's syntax, its errors, literal escaping, and that injection through a literal
/// is impossible when the literal is escaped.
@Suite struct SOQLTests {
    static func org() async throws -> OrgConnection {
        try await OrgConnection.standard(edit: { fixture in
            fixture.records["Contact", default: []] += [
                ["LastName": "O'Brien", "Phone": "555-0001", "FavoriteFood__c": "100% rye"],
                ["LastName": "Back\\slash", "Phone": "555-0002", "FavoriteFood__c": "under_score"],
            ]
        })
    }

    func names(_ records: [JSON]) -> [String] {
        records.compactMap { $0["LastName"]?.stringValue }
    }

    static let refusals: [Refusal] = [
        Refusal("SELECT Id FROM", "MALFORMED_QUERY"),
        Refusal("SELEKT Id FROM Contact", "MALFORMED_QUERY"),
        Refusal("SELECT Id FROM Contact WHERE LastName = 'open", "MALFORMED_QUERY"),
        Refusal("SELECT Id FROM Contact WHERE LastName = 'a\\qb'", "MALFORMED_QUERY"),
        Refusal("SELECT Id FROM Contact WHERE LastName = 'a' AND Phone = 'b' OR Email = 'c'", "MALFORMED_QUERY"),
        Refusal("SELECT Id FROM Contact LIMIT -1", "MALFORMED_QUERY"),
        Refusal("SELECT Id FROM Contact; DELETE FROM Contact", "MALFORMED_QUERY"),
        Refusal("SELECT Id, Id FROM Contact", "MALFORMED_QUERY"),
        Refusal("SELECT Id FROM Nope__c", "INVALID_TYPE"),
        Refusal("SELECT Nope FROM Contact", "INVALID_FIELD"),
        Refusal("SELECT Id FROM Contact WHERE Company = 'x'", "INVALID_FIELD"),
        Refusal("SELECT Id FROM Lead WHERE IsConverted = 'false'", "INVALID_FIELD"),
        Refusal("SELECT Id FROM Contact WHERE Phone = 4155550101", "INVALID_FIELD"),
        Refusal("SELECT Id FROM Task WHERE CallDurationInSeconds = '10'", "INVALID_FIELD"),
    ]

    @Test(arguments: refusals)
    func malformedQueriesAreRefusedWithSalesforcesCode(_ refusal: Refusal) async throws {
        let org = try await Self.org()
        let reply = await org.call("GET", "query?q=" + OrgConnection.formEncoded(refusal.text))
        #expect(reply.status == 400)
        #expect(reply.json?.arrayValue?.first?["errorCode"]?.stringValue == refusal.code)
    }

    @Test func quotesAndBackslashesInLiteralsAreEscapedWithBackslashes() async throws {
        let org = try await Self.org()
        #expect(names(await org.query("SELECT LastName FROM Contact WHERE LastName = 'O\\'Brien'")) == ["O'Brien"])
        #expect(
            names(await org.query("SELECT LastName FROM Contact WHERE LastName = 'Back\\\\slash'")) == ["Back\\slash"]
        )
        #expect(names(await org.query("SELECT LastName FROM Contact WHERE LastName = 'o\\u0027brien'")) == ["O'Brien"])
    }

    @Test func anEscapedInjectionAttemptIsOnlyALiteral() async throws {
        let org = try await Self.org()
        // What a client sends for the name `x' OR LastName != '`, escaped: it matches nothing.
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'x\\' OR LastName != \\''").isEmpty)
        // Quotes doubled SQL-style are not SOQL: the query is refused rather than widened.
        let raw = await org.call(
            "GET",
            "query?q=" + OrgConnection.formEncoded("SELECT Id FROM Contact WHERE LastName = 'x'' OR LastName != '''")
        )
        #expect(raw.status == 400)
    }

    @Test func likeMatchesWildcardsAndEscapedPercentAndUnderscore() async throws {
        let org = try await Self.org()
        #expect(names(await org.query("SELECT LastName FROM Contact WHERE LastName LIKE 'lov%'")) == ["Lovelace"])
        #expect(names(await org.query("SELECT LastName FROM Contact WHERE LastName LIKE '_uring'")) == ["Turing"])
        #expect(
            names(await org.query("SELECT LastName FROM Contact WHERE FavoriteFood__c LIKE '100\\% %'")) == ["O'Brien"]
        )
        #expect(
            names(await org.query("SELECT LastName FROM Contact WHERE FavoriteFood__c LIKE 'under\\_score'")) == [
                "Back\\slash"
            ]
        )
        #expect(await org.query("SELECT LastName FROM Contact WHERE FavoriteFood__c LIKE 'under\\_scorX'").isEmpty)
    }

    @Test func comparisonsInNotNullAndBooleans() async throws {
        let org = try await Self.org()
        let both = await org.query(
            "SELECT LastName FROM Contact WHERE LastName IN ('Hopper', 'Turing') ORDER BY LastName"
        )
        #expect(names(both) == ["Hopper", "Turing"])
        let notIn = await org.query(
            "SELECT LastName FROM Contact WHERE LastName NOT IN ('Hopper', 'Turing') AND Phone != null ORDER BY LastName"
        )
        #expect(names(notIn) == ["Back\\slash", "Hamilton", "Johnson", "Lovelace", "O'Brien"])
        #expect(names(await org.query("SELECT LastName FROM Contact WHERE Phone = null")) == ["Hopper"])
        let unconverted = await org.query("SELECT LastName FROM Lead WHERE IsConverted = false ORDER BY LastName")
        #expect(names(unconverted) == ["Liskov", "Lovelace", "Torvalds"])
        let converted = await org.query("SELECT LastName, ConvertedContactId FROM Lead WHERE NOT IsConverted = false")
        #expect(names(converted) == ["Hamilton"])
        #expect(converted.first?["ConvertedContactId"] == "0035e0000000005AAA")
        let grouped = await org.query(
            "SELECT LastName FROM Lead WHERE (LastName = 'Liskov' OR LastName = 'Torvalds') AND IsConverted = false ORDER BY LastName DESC"
        )
        #expect(names(grouped) == ["Torvalds", "Liskov"])
    }

    @Test func phonesCompareAsWrittenInSOQL() async throws {
        let org = try await Self.org()
        #expect(names(await org.query("SELECT LastName FROM Contact WHERE Phone = '(415) 555-0101'")) == ["Lovelace"])
        #expect(await org.query("SELECT LastName FROM Contact WHERE Phone = '+14155550101'").isEmpty)
    }

    @Test func orderByLimitOffsetAndDates() async throws {
        let org = try await Self.org()
        let newest = await org.query("SELECT LastName FROM Contact ORDER BY LastModifiedDate DESC, LastName LIMIT 2")
        #expect(newest.count == 2)
        let page = await org.query("SELECT LastName FROM Lead ORDER BY LastName LIMIT 2 OFFSET 1")
        #expect(names(page) == ["Liskov", "Lovelace"])
        let since = await org.query(
            "SELECT LastName FROM Lead WHERE LastModifiedDate > 2026-02-06T00:00:00Z AND ConvertedDate = null ORDER BY LastName"
        )
        #expect(names(since) == ["Liskov", "Lovelace"])
        let count = await org.call("GET", "query?q=SELECT+COUNT()+FROM+Lead")
        #expect(count.json?["totalSize"] == 4)
    }

    @Test func nextRecordsUrlPagesThroughEveryRecordOnce() async throws {
        let org = try await OrgConnection.standard(withBulkLeads: 450)
        var reply = await org.call(
            "GET",
            "query?q=SELECT+Id+FROM+Lead",
            headers: ["Sforce-Query-Options": "batchSize=200"]
        )
        var ids: [String] = []
        var batches = 0
        while true {
            batches += 1
            ids += reply.json?["records"]?.arrayValue?.compactMap { $0["Id"]?.stringValue } ?? []
            guard reply.json?["done"] == false, let next = reply.json?["nextRecordsUrl"]?.stringValue else { break }
            #expect(next.hasPrefix("/services/data/v59.0/query/"))
            reply = await org.call("GET", next)
        }
        #expect(batches == 3)
        #expect(ids.count == 450 && Set(ids).count == 450)
    }

    @Test func queryAllAlsoSeesDeletedRecords() async throws {
        let org = try await Self.org()
        #expect(await org.call("DELETE", "sobjects/Contact/0035e0000000003AAA").status == 204)
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'Turing'").isEmpty)
        let all = await org.call(
            "GET",
            "queryAll?q=" + OrgConnection.formEncoded("SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Turing'")
        )
        #expect(all.json?["records"]?.arrayValue?.first?["IsDeleted"] == true)
    }
}
