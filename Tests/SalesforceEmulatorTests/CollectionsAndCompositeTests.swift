import EmulatorTestSupport
import SalesforceEmulator
import Testing

/// sObject collections (partial failure, allOrNone) and composite (references, roll-back).
@Suite struct CollectionsAndCompositeTests {
    /// A composite subrequest on a path under `/services/data/v59.0/`.
    func subrequest(_ method: String, _ path: String, _ referenceID: String, body: JSON? = nil) -> JSON {
        var request: [String: JSON] = [
            "method": .string(method), "url": .string("/services/data/v59.0/" + path),
            "referenceId": .string(referenceID),
        ]
        request["body"] = body
        return .object(request)
    }

    /// The `errorCode` of the first error in a subrequest's body.
    func errorCode(_ response: JSON) -> JSON? {
        response["body"]?.arrayValue?.first?["errorCode"]
    }

    func lead(_ name: String, company: JSON = "Co") -> JSON {
        ["attributes": ["type": "Lead"], "LastName": .string(name), "Company": company]
    }

    @Test func aCollectionSucceedsRecordByRecordWithoutAllOrNone() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call(
            "POST",
            "composite/sobjects",
            json: ["records": [lead("Kept One"), lead("Refused", company: .null), lead("Kept Two")]]
        )
        let results = try #require(reply.json?.arrayValue)
        #expect(results.map { $0["success"] } == [true, false, true])
        #expect(results[1]["errors"]?.arrayValue?.first?["statusCode"] == "REQUIRED_FIELD_MISSING")
        #expect(await org.query("SELECT Id FROM Lead WHERE LastName LIKE 'Kept%'").count == 2)
    }

    @Test func allOrNoneRollsBackEveryRecordOfACollection() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call(
            "POST",
            "composite/sobjects",
            json: [
                "allOrNone": true,
                "records": [lead("Rolled One"), lead("Refused", company: .null), lead("Rolled Two")],
            ]
        )
        let results = try #require(reply.json?.arrayValue)
        #expect(results.map { $0["success"] } == [false, false, false])
        #expect(results[0]["errors"]?.arrayValue?.first?["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK")
        #expect(results[1]["errors"]?.arrayValue?.first?["statusCode"] == "REQUIRED_FIELD_MISSING")
        #expect(await org.query("SELECT Id FROM Lead WHERE LastName LIKE 'Rolled%'").isEmpty)
        #expect(await org.query("SELECT Id FROM Lead").count == 4)
    }

    @Test func collectionUpsertReportsCreatedAndRefusesRepeatedExternalIds() async throws {
        let org = try await OrgConnection.standard()
        func task(_ event: String, _ subject: String) -> JSON {
            [
                "attributes": ["type": "Task"], "Avochato_Event_Id__c": .string(event), "Subject": .string(subject),
                "Status": "Completed",
            ]
        }
        let first = await org.call(
            "PATCH",
            "composite/sobjects/Task/Avochato_Event_Id__c",
            json: ["records": [task("e1", "one")]]
        )
        #expect(first.json?.arrayValue?.first?["created"] == true)
        let second = await org.call(
            "PATCH",
            "composite/sobjects/Task/Avochato_Event_Id__c",
            json: ["records": [task("e1", "one again"), task("e2", "two"), task("e3", "x"), task("E3", "y")]]
        )
        let results = try #require(second.json?.arrayValue)
        #expect(results.map { $0["created"] } == [false, true, nil, nil])
        #expect(results[2]["errors"]?.arrayValue?.first?["statusCode"] == "DUPLICATE_EXTERNAL_ID")
        #expect(
            await org.query("SELECT Subject FROM Task ORDER BY Subject").map { $0["Subject"] } == ["one again", "two"]
        )
    }

    @Test func collectionUpdateRetrieveAndDelete() async throws {
        let org = try await OrgConnection.standard()
        let update = await org.call(
            "PATCH",
            "composite/sobjects",
            json: [
                "records": [
                    ["attributes": ["type": "Contact"], "Id": "0035e0000000001AAA", "Title": "Analyst"],
                    ["attributes": ["type": "Contact"], "Title": "No id"],
                ]
            ]
        )
        #expect(update.json?.arrayValue?.map { $0["success"] } == [true, false])
        let rows = await org.call(
            "GET",
            "composite/sobjects/Contact?ids=0035e0000000001AAA,0035e0000000999AAA&fields=Title"
        )
        #expect(rows.json?.arrayValue?.first?["Title"] == "Analyst")
        #expect(rows.json?.arrayValue?.last == .null)
        let deleted = await org.call("DELETE", "composite/sobjects?ids=0035e0000000001AAA,0035e0000000999AAA")
        #expect(deleted.json?.arrayValue?.map { $0["success"] } == [true, false])
    }

    @Test func aCollectionHoldsAtMost200Records() async throws {
        let org = try await OrgConnection.standard()
        let records = (0..<201).map { lead("Many \($0)") }
        let reply = await org.call("POST", "composite/sobjects", json: ["records": .array(records)])
        #expect(reply.status == 400)
        #expect(reply.json?.arrayValue?.first?["errorCode"] == "EXCEEDED_ID_LIMIT")
        #expect(await org.query("SELECT Id FROM Lead WHERE LastName LIKE 'Many%'").isEmpty)
    }

    @Test func compositeSubrequestsUseEarlierResultsThroughReferences() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call(
            "POST",
            "composite",
            json: [
                "compositeRequest": [
                    subrequest(
                        "POST",
                        "sobjects/Lead",
                        "newLead",
                        body: ["LastName": "Referenced", "Company": "Co", "Phone": "(415) 555-0177"]
                    ),
                    subrequest("GET", "query?q=SELECT+Id,Phone+FROM+Lead+WHERE+Id='@{newLead.id}'", "found"),
                    subrequest(
                        "PATCH",
                        "sobjects/Task/Avochato_Event_Id__c/evt-ref",
                        "task",
                        body: [
                            "Subject": "Call with @{found.records[0].Phone}", "WhoId": "@{found.records[0].Id}",
                            "Status": "Completed",
                        ]
                    ),
                ]
            ]
        )
        let responses = try #require(reply.json?["compositeResponse"]?.arrayValue)
        #expect(responses.map { $0["httpStatusCode"] } == [201, 200, 201])
        let leadID = try #require(responses[0]["body"]?["id"]?.stringValue)
        let task = await org.query("SELECT WhoId, Subject FROM Task WHERE Avochato_Event_Id__c = 'evt-ref'")
        #expect(task.first?["WhoId"]?.stringValue == leadID)
        #expect(task.first?["Subject"] == "Call with (415) 555-0177")
    }

    @Test func compositeAllOrNoneRollsBackEverySubrequest() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call(
            "POST",
            "composite",
            json: [
                "allOrNone": true,
                "compositeRequest": [
                    subrequest("POST", "sobjects/Account", "account", body: ["Name": "Rolled Back Co"]),
                    subrequest("POST", "sobjects/Lead", "bad", body: ["LastName": "No Company"]),
                    subrequest("POST", "sobjects/Contact", "after", body: ["LastName": "After"]),
                ],
            ]
        )
        let responses = try #require(reply.json?["compositeResponse"]?.arrayValue)
        #expect(responses.map { $0["httpStatusCode"] } == [400, 400, 400])
        #expect(errorCode(responses[0]) == "PROCESSING_HALTED")
        #expect(errorCode(responses[1]) == "REQUIRED_FIELD_MISSING")
        #expect(errorCode(responses[2]) == "PROCESSING_HALTED")
        #expect(await org.query("SELECT Id FROM Account WHERE Name = 'Rolled Back Co'").isEmpty)
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'After'").isEmpty)
    }

    @Test func withoutAllOrNoneOnlySubrequestsReferringToAFailureAreHalted() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call(
            "POST",
            "composite",
            json: [
                "compositeRequest": [
                    subrequest("POST", "sobjects/Lead", "bad", body: ["LastName": "No Company"]),
                    subrequest("POST", "sobjects/Task", "dependent", body: ["Subject": "S", "WhoId": "@{bad.id}"]),
                    subrequest("POST", "sobjects/Contact", "independent", body: ["LastName": "Kept"]),
                ]
            ]
        )
        let responses = try #require(reply.json?["compositeResponse"]?.arrayValue)
        #expect(responses.map { $0["httpStatusCode"] } == [400, 400, 201])
        #expect(errorCode(responses[1]) == "PROCESSING_HALTED")
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'Kept'").count == 1)
    }

    @Test func compositeLimitsAndUnsupportedSubrequestsAreRefusedWhole() async throws {
        let org = try await OrgConnection.standard()
        let tooMany = (0..<26).map { subrequest("POST", "sobjects/Contact", "c\($0)", body: ["LastName": "Many"]) }
        #expect(await org.call("POST", "composite", json: ["compositeRequest": .array(tooMany)]).status == 400)
        let search = subrequest("GET", "search?q=FIND+{4155550101}", "s")
        #expect(await org.call("POST", "composite", json: ["compositeRequest": [search]]).status == 400)
        let queries = (0..<6).map { subrequest("GET", "query?q=SELECT+Id+FROM+Lead", "q\($0)") }
        #expect(await org.call("POST", "composite", json: ["compositeRequest": .array(queries)]).status == 400)
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'Many'").isEmpty)
    }
}
