import EmulatorTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// Every resource's success and error answers have the shape Salesforce documents
/// (Fixtures/salesforce/, written from the documentation, not from the emulator).
@Suite struct ResourceShapeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        var status: Int
        var method: String
        var path: String
        var body: JSON?
        var testDescription: String { "\(fixture): \(method) \(path)" }
    }

    static let cases: [Case] = [
        Case(fixture: "versions.json", status: 200, method: "GET", path: "/services/data/"),
        Case(fixture: "describe-global.json", status: 200, method: "GET", path: "sobjects"),
        Case(fixture: "describe-sobject.json", status: 200, method: "GET", path: "sobjects/Lead/describe"),
        Case(fixture: "sobject-row.json", status: 200, method: "GET", path: "sobjects/Contact/0035e0000000001AAA"),
        Case(
            fixture: "create.json",
            status: 201,
            method: "POST",
            path: "sobjects/Lead/",
            body: ["LastName": "Shape", "Company": "Shapes Inc"]
        ),
        Case(
            fixture: "upsert-created.json",
            status: 201,
            method: "PATCH",
            path: "sobjects/Task/Avochato_Event_Id__c/evt-1",
            body: ["Subject": "Call", "Status": "Completed"]
        ),
        Case(
            fixture: "query.json",
            status: 200,
            method: "GET",
            path: "query?q=SELECT+Id,+Name+FROM+Contact+WHERE+LastName+=+'Lovelace'"
        ),
        Case(
            fixture: "search.json",
            status: 200,
            method: "GET",
            path: "search?q=" + OrgConnection.formEncoded("FIND {4155550101} IN PHONE FIELDS RETURNING Contact(Id)")
        ),
        Case(
            fixture: "collection-results.json",
            status: 200,
            method: "POST",
            path: "composite/sobjects",
            body: [
                "allOrNone": false,
                "records": [
                    ["attributes": ["type": "Lead"], "LastName": "One", "Company": "Co"],
                    ["attributes": ["type": "Lead"], "Company": "No Last Name"],
                ],
            ]
        ),
        Case(
            fixture: "composite.json",
            status: 200,
            method: "POST",
            path: "composite",
            body: [
                "compositeRequest": [
                    [
                        "method": "POST", "url": "/services/data/v59.0/sobjects/Account", "referenceId": "newAccount",
                        "body": ["Name": "Composite Co"],
                    ]
                ]
            ]
        ),
        Case(fixture: "limits.json", status: 200, method: "GET", path: "limits"),
        Case(
            fixture: "error.json",
            status: 400,
            method: "POST",
            path: "sobjects/Lead",
            body: ["LastName": "No Company"]
        ),
    ]

    @Test(arguments: cases)
    func answerHasTheDocumentedShape(_ example: Case) async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call(example.method, example.path, json: example.body)
        #expect(reply.status == example.status)
        let actual = try #require(reply.json)
        #expect(JSONShape.differences(documented: try Fixtures.documented(example.fixture), actual: actual) == [])
    }

    @Test func queryBeyondOneBatchHasTheDocumentedFirstBatch() async throws {
        let org = try await OrgConnection.standard(withBulkLeads: 450)
        let reply = await org.call(
            "GET",
            "query?q=SELECT+Id+FROM+Lead",
            headers: ["Sforce-Query-Options": "batchSize=200"]
        )
        let actual = try #require(reply.json)
        #expect(
            JSONShape.differences(documented: try Fixtures.documented("query-first-batch.json"), actual: actual) == []
        )
    }

    @Test func tokenAnswerHasTheDocumentedShape() async throws {
        let fixture = try OrgFixture.load(contentsOf: Fixtures.standardOrg)
        let emulator = try SalesforceEmulator(fixture: fixture)
        let reply = await emulator.respond(
            to: APIRequest(
                method: "POST",
                target: "/services/oauth2/token",
                body: Data(
                    "grant_type=refresh_token&client_id=avosync-demo&client_secret=demo-secret&refresh_token=demo-refresh-token"
                        .utf8
                )
            )
        )
        #expect(reply.status == 200)
        let actual = try #require(reply.body.flatMap(JSON.parse))
        #expect(JSONShape.differences(documented: try Fixtures.documented("oauth-token.json"), actual: actual) == [])
    }

    @Test func tokenErrorHasTheDocumentedShape() async throws {
        let emulator = try SalesforceEmulator(fixture: try OrgFixture.load(contentsOf: Fixtures.standardOrg))
        let reply = await emulator.respond(
            to: APIRequest(
                method: "POST",
                target: "/services/oauth2/token",
                body: Data(
                    "grant_type=refresh_token&client_id=avosync-demo&client_secret=demo-secret&refresh_token=wrong".utf8
                )
            )
        )
        #expect(reply.status == 400)
        let actual = try #require(reply.body.flatMap(JSON.parse))
        #expect(JSONShape.differences(documented: try Fixtures.documented("oauth-error.json"), actual: actual) == [])
        #expect(actual["error"] == "invalid_grant")
    }

    @Test func unknownTokenHasTheDocumentedInvalidSessionShape() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call("GET", "limits", headers: ["Authorization": "Bearer not-a-token"])
        #expect(reply.status == 401)
        let actual = try #require(reply.json)
        #expect(
            JSONShape.differences(documented: try Fixtures.documented("invalid-session.json"), actual: actual) == []
        )
        #expect(actual.arrayValue?.first?["errorCode"] == "INVALID_SESSION_ID")
    }
}

/// The shape check itself catches a dropped key and a retyped value.
@Suite struct JSONShapeTests {
    @Test func missingKeyAndRetypedValueAreReported() {
        let documented: JSON = ["id": "x", "success": true, "errors": [["statusCode": "X"]]]
        let actual: JSON = ["success": "yes", "errors": [["message": "m"]]]
        #expect(
            JSONShape.differences(documented: documented, actual: actual) == [
                "$.errors[0].statusCode is missing", "$.id is missing", "$.success is string, documented as boolean",
            ]
        )
    }
}
