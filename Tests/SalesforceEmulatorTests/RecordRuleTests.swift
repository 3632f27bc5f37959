import EmulatorTestSupport
import SalesforceEmulator
import Testing

/// Salesforce's rules for writing records, where a client can tell.
@Suite struct RecordRuleTests {
    func firstError(_ reply: OrgConnection.Reply) -> (code: String?, fields: [JSON]?) {
        let error = reply.json?.arrayValue?.first
        return (error?["errorCode"]?.stringValue, error?["fields"]?.arrayValue)
    }

    @Test func aLeadNeedsLastNameAndCompany() async throws {
        let org = try await OrgConnection.standard()
        let neither = await org.call("POST", "sobjects/Lead", json: ["FirstName": "Nobody"])
        #expect(neither.status == 400)
        #expect(firstError(neither).code == "REQUIRED_FIELD_MISSING")
        #expect(firstError(neither).fields == ["LastName", "Company"])
        let describe = await org.call("GET", "sobjects/Lead/describe")
        let company = describe.json?["fields"]?.arrayValue?.first { $0["name"] == "Company" }
        #expect(company?["nillable"] == true)
        let both = await org.call("POST", "sobjects/Lead", json: ["LastName": "Somebody", "Company": "Co"])
        #expect(both.status == 201)
    }

    struct BadWrite: Sendable, CustomTestStringConvertible {
        var object: String
        var body: JSON
        var code: String
        var testDescription: String { "\(code) on \(object)" }
    }

    static let badWrites: [BadWrite] = [
        BadWrite(object: "Contact", body: ["LastName": "X", "Company": "Contacts have none"], code: "INVALID_FIELD"),
        BadWrite(
            object: "Contact",
            body: ["LastName": "X", "Name": "Computed"],
            code: "INVALID_FIELD_FOR_INSERT_UPDATE"
        ),
        BadWrite(
            object: "Lead",
            body: ["LastName": "X", "Company": "C", "IsConverted": true],
            code: "INVALID_FIELD_FOR_INSERT_UPDATE"
        ),
        BadWrite(
            object: "Contact",
            body: ["LastName": .string(String(repeating: "x", count: 81))],
            code: "STRING_TOO_LONG"
        ),
        BadWrite(object: "Contact", body: ["LastName": "X", "Email": "not an address"], code: "INVALID_EMAIL_ADDRESS"),
        BadWrite(object: "Task", body: ["Subject": "S", "CallDurationInSeconds": "long"], code: "JSON_PARSER_ERROR"),
        BadWrite(
            object: "Task",
            body: ["Subject": "S", "Status": "Finished"],
            code: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
        ),
        BadWrite(
            object: "Task",
            body: ["Subject": "S", "WhoId": "0015e0000000001AAA"],
            code: "FIELD_INTEGRITY_EXCEPTION"
        ),
        BadWrite(
            object: "Task",
            body: ["Subject": "S", "WhatId": "0035e0000000001AAA"],
            code: "FIELD_INTEGRITY_EXCEPTION"
        ),
        BadWrite(
            object: "Task",
            body: ["Subject": "S", "WhoId": "00Q5e0000000004EAA"],
            code: "FIELD_INTEGRITY_EXCEPTION"
        ),
        BadWrite(object: "Task", body: ["Subject": "S", "WhoId": "not-an-id"], code: "MALFORMED_ID"),
        BadWrite(
            object: "Task",
            body: ["Subject": "S", "WhoId": "0035e0000000999AAA"],
            code: "INVALID_CROSS_REFERENCE_KEY"
        ),
        BadWrite(
            object: "Task",
            body: ["Subject": "S", "WhatId": "a035e0000000001AAA"],
            code: "FIELD_INTEGRITY_EXCEPTION"
        ),
    ]

    @Test(arguments: badWrites)
    func invalidWritesAreRefusedWithSalesforcesCode(_ write: BadWrite) async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call("POST", "sobjects/\(write.object)", json: write.body)
        #expect(reply.status == 400)
        #expect(firstError(reply).code == write.code)
    }

    @Test func taskStatusDefaultsAndCompletedTasksAreClosed() async throws {
        let org = try await OrgConnection.standard()
        let open = await org.call("POST", "sobjects/Task", json: ["Subject": "Open one", "WhoId": "0035e0000000001"])
        let openID = try #require(open.json?["id"]?.stringValue)
        let row = await org.call("GET", "sobjects/Task/\(openID)?fields=Status,Priority,IsClosed,WhoId")
        #expect(row.json?["Status"] == "Not Started")
        #expect(row.json?["Priority"] == "Normal")
        #expect(row.json?["IsClosed"] == false)
        #expect(row.json?["WhoId"] == "0035e0000000001AAA")
        let done = await org.call(
            "POST",
            "sobjects/Task",
            json: ["Subject": "Call", "Status": "Completed", "WhatId": "a005e0000000001AAA"]
        )
        #expect(done.status == 400, "no AvoCustomer__c exists yet")
        let customer = await org.call("POST", "sobjects/AvoCustomer__c", json: ["Name": "C"])
        let customerID = try #require(customer.json?["id"]?.stringValue)
        let closed = await org.call(
            "POST",
            "sobjects/Task",
            json: ["Subject": "Call", "Status": "Completed", "WhatId": .string(customerID)]
        )
        let closedID = try #require(closed.json?["id"]?.stringValue)
        #expect(await org.call("GET", "sobjects/Task/\(closedID)").json?["IsClosed"] == true)
    }

    @Test func idsHaveEighteenCharactersAndTheObjectsKeyPrefix() async throws {
        let org = try await OrgConnection.standard()
        for (object, body, prefix) in [
            ("Lead", ["LastName": "L", "Company": "C"] as JSON, "00Q"), ("Contact", ["LastName": "C"], "003"),
            ("Task", ["Subject": "T"], "00T"), ("AvoCustomer__c", ["Name": "A"], "a00"),
            ("Account", ["Name": "A"], "001"),
        ] {
            let id = try #require(await org.call("POST", "sobjects/\(object)", json: body).json?["id"]?.stringValue)
            #expect(id.count == 18 && id.hasPrefix(prefix))
            #expect(RecordID.normalized(String(id.prefix(15))) == id)
            let row = await org.call("GET", "sobjects/\(object)/\(id.prefix(15))")
            #expect(row.json?["Id"]?.stringValue == id)
        }
    }

    @Test func aConvertedLeadCannotBeUpdated() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call("PATCH", "sobjects/Lead/00Q5e0000000004EAA", json: ["Rating": "Hot"])
        #expect(reply.status == 400)
        #expect(firstError(reply).code == "CANNOT_UPDATE_CONVERTED_LEAD")
    }

    @Test func missingAndDeletedRecordsAnswer404() async throws {
        let org = try await OrgConnection.standard()
        let missing = await org.call("GET", "sobjects/Contact/0035e0000000999AAA")
        #expect(missing.status == 404 && firstError(missing).code == "NOT_FOUND")
        #expect(await org.call("DELETE", "sobjects/Contact/0035e0000000002AAA").status == 204)
        let deleted = await org.call("PATCH", "sobjects/Contact/0035e0000000002AAA", json: ["Title": "Gone"])
        #expect(deleted.status == 404 && firstError(deleted).code == "ENTITY_IS_DELETED")
        let unknownObject = await org.call("POST", "sobjects/Nope__c", json: ["Name": "x"])
        #expect(unknownObject.status == 404 && firstError(unknownObject).code == "NOT_FOUND")
    }

    @Test func updatesMergeFieldsAndEmptyTextBecomesNull() async throws {
        let org = try await OrgConnection.standard()
        let patch = await org.call(
            "PATCH",
            "sobjects/Contact/0035e0000000001AAA",
            json: ["Title": "Countess", "Phone": ""]
        )
        #expect(patch.status == 204 && patch.json == nil)
        let row = await org.call("GET", "sobjects/Contact/0035e0000000001AAA")
        #expect(row.json?["Title"] == "Countess")
        #expect(row.json?["Phone"] == .null)
        #expect(row.json?["FirstName"] == "Ada")
        let cleared = await org.call("PATCH", "sobjects/Contact/0035e0000000001AAA", json: ["LastName": .null])
        #expect(firstError(cleared).code == "REQUIRED_FIELD_MISSING")
    }

    @Test func upsertByExternalIdCreatesThenUpdates() async throws {
        let org = try await OrgConnection.standard()
        let path = "sobjects/Task/Avochato_Event_Id__c/evt-42"
        let first = await org.call("PATCH", path, json: ["Subject": "Text", "Status": "Completed"])
        #expect(first.status == 201 && first.json?["created"] == true)
        let second = await org.call("PATCH", path, json: ["Subject": "Text again", "Status": "Completed"])
        #expect(second.status == 200 && second.json?["created"] == false)
        #expect(second.json?["id"] == first.json?["id"])
        let old = await org.call("PATCH", "/services/data/v45.0/\(path)", json: ["Subject": "Old API"])
        #expect(old.status == 204 && old.json == nil)
        #expect(await org.query("SELECT Id FROM Task WHERE Avochato_Event_Id__c = 'EVT-42'").count == 1)
        let read = await org.call("GET", path)
        #expect(read.json?["Subject"] == "Old API")
        let notExternal = await org.call("PATCH", "sobjects/Task/Subject/x", json: ["Status": "Completed"])
        #expect(notExternal.status == 404)
    }

    @Test func aUniqueExternalIdRefusesASecondRecordWithTheSameValue() async throws {
        let org = try await OrgConnection.standard()
        #expect(
            await org.call("POST", "sobjects/Task", json: ["Subject": "A", "Avochato_Event_Id__c": "dup"]).status == 201
        )
        let second = await org.call("POST", "sobjects/Task", json: ["Subject": "B", "Avochato_Event_Id__c": "DUP"])
        #expect(second.status == 400 && firstError(second).code == "DUPLICATE_VALUE")
    }

    @Test func upsertWithSeveralMatchesAnswers300() async throws {
        let org = try await OrgConnection.standard(edit: { fixture in
            let index = fixture.objects.firstIndex { $0.name == "Contact" }!
            let field = fixture.objects[index].fields.firstIndex { $0.name == "Avochato_Contact_Id__c" }!
            fixture.objects[index].fields[field].unique = false
            fixture.records["Contact", default: []] += [
                ["LastName": "Twin A", "Avochato_Contact_Id__c": "shared"],
                ["LastName": "Twin B", "Avochato_Contact_Id__c": "shared"],
            ]
        })
        let reply = await org.call("PATCH", "sobjects/Contact/Avochato_Contact_Id__c/shared", json: ["Title": "Twin"])
        #expect(reply.status == 300)
        #expect(reply.json?.arrayValue?.count == 2)
        #expect(
            reply.json?.arrayValue?.allSatisfy {
                $0.stringValue?.hasPrefix("/services/data/v59.0/sobjects/Contact/003") == true
            } == true
        )
        #expect(await org.query("SELECT Id FROM Contact WHERE Title = 'Twin'").isEmpty)
    }
}
