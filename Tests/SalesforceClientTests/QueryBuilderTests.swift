import SalesforceClient
import Testing

/// SOQL and SOSL are built from validated names and escaped literals: nothing a phone, a name or a
/// custom field key holds can change a query's meaning.
@Suite("SalesforceClient: query builders")
struct QueryBuilderTests {
    @Test("API names: letters, digits and single underscores, a namespace and a suffix at most")
    func apiNamesAreValidated() throws {
        for valid in ["Phone", "FavoriteFood__c", "ns__Field__c", "Avochato_Event_Id__c", "A1"] {
            #expect(APIName.isValid(valid), "\(valid)")
        }
        for invalid in [
            "", "1Phone", "_Phone", "Phone_", "Phone Name", "Phone,Id", "Id FROM Lead--", "x'y", "Phone__c)",
            String(repeating: "a", count: 81), "a___b",
        ] {
            #expect(!APIName.isValid(invalid), "\(invalid)")
            #expect(throws: InvalidAPIName.self) { try APIName(invalid) }
        }
    }

    @Test("SOQL literals escape quotes, backslashes and control characters")
    func soqlLiteralsAreEscaped() {
        #expect(SOQL.quoted("O'Brien") == #"'O\'Brien'"#)
        #expect(SOQL.quoted(#"back\slash"#) == #"'back\\slash'"#)
        #expect(SOQL.quoted("say \"hi\"") == #"'say \"hi\"'"#)
        #expect(SOQL.quoted("two\nlines\ttab") == #"'two\nlines\ttab'"#)
        // The classic injection stays inside one literal.
        let condition = SOQLCondition.equals(try! APIName("Phone"), .string("x' OR LastName != '"))
        #expect(condition.text == #"Phone = 'x\' OR LastName != \''"#)
    }

    @Test("a SOQL query: fields, object, grouped conditions, order and limit")
    func soqlQueryText() throws {
        let query = SOQLQuery(
            select: [try APIName("Id"), try APIName("Phone")],
            from: try APIName("Lead"),
            where: .all([
                .any([
                    .isIn(try APIName("Phone"), [.string("+14155550101"), .string("(415) 555-0101")]),
                    .equals(try APIName("Email"), .null),
                ]),
                .equals(try APIName("IsConverted"), .bool(false)),
            ]),
            orderBy: [(try APIName("LastModifiedDate"), true)],
            limit: 10
        )
        #expect(
            query.text
                == "SELECT Id, Phone FROM Lead WHERE (Phone IN ('+14155550101', '(415) 555-0101') OR Email = null) AND IsConverted = false ORDER BY LastModifiedDate DESC LIMIT 10"
        )
    }

    @Test("SOSL terms escape every reserved character, so braces and operators are searched for")
    func soslTermsAreEscaped() throws {
        #expect(SOSL.escaped("+1 (415) 555-0101") == #"\+1 \(415\) 555\-0101"#)
        #expect(SOSL.escaped("a} RETURNING Lead(Id") == #"a\} RETURNING Lead\(Id"#)
        let search = SOSLSearch(
            anyOf: ["4155550101", "x*y"],
            in: .phone,
            returning: [
                SOSLReturning(
                    try APIName("Lead"),
                    fields: [try APIName("Id")],
                    where: .equals(try APIName("IsConverted"), .bool(false)),
                    limit: 5
                )
            ],
            limit: 100
        )
        #expect(
            search.text
                == #"FIND {4155550101 OR x\*y} IN PHONE FIELDS RETURNING Lead(Id WHERE IsConverted = false LIMIT 5) LIMIT 100"#
        )
    }

    @Test("Sforce-Limit-Info is read into used and allowed requests")
    func limitHeaderIsRead() {
        #expect(APIUsage(header: "api-usage=25/15000") == APIUsage(used: 25, limit: 15000))
        #expect(APIUsage(header: "per-app-api-usage=1/100(appName=x), api-usage=7/100")?.remaining == 93)
        #expect(APIUsage(header: "nonsense") == nil)
    }

    @Test("credentials go over HTTPS, or plain HTTP to this machine only")
    func httpsIsRequiredOffLoopback() throws {
        #expect(throws: Never.self) { try EndpointSecurity.checkedURL("https://login.salesforce.com", role: "login") }
        #expect(throws: Never.self) { try EndpointSecurity.checkedURL("http://127.0.0.1:8080", role: "login") }
        #expect(throws: Never.self) { try EndpointSecurity.checkedURL("http://localhost:1", role: "login") }
        #expect(throws: Never.self) { try EndpointSecurity.checkedURL("http://[::1]:1", role: "login") }
        for refused in [
            "http://login.salesforce.com", "http://127.0.0.1.example.com", "ftp://x", "https://user:pw@host",
            "not a url",
        ] {
            #expect(throws: SalesforceError.self) { try EndpointSecurity.checkedURL(refused, role: "login") }
        }
    }

    @Test("backoff grows with each attempt, capped, with jitter below the cap")
    func backoffIsCappedWithJitter() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...10 {
            let ceiling = min(Duration.seconds(1), .milliseconds(100) * (1 << (attempt - 1)))
            for _ in 0..<20 {
                let delay = policy.delay(afterAttempt: attempt, using: &generator)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
    }
}
