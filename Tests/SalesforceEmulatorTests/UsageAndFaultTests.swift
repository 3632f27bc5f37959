import EmulatorTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// API usage counted as Salesforce counts it, the limit header and allowance, and injected faults.
@Suite struct UsageAndFaultTests {
    func stats(_ org: OrgConnection) async -> JSON? {
        await org.call("GET", "/__emulator/stats").json
    }

    @Test func compositeAndCollectionsCountOnceAndTheHeaderSaysSo() async throws {
        let org = try await OrgConnection.standard()
        _ = await org.query("SELECT Id FROM Lead")
        let records: [JSON] = (0..<150).map { ["attributes": ["type": "Contact"], "LastName": .string("Bulk \($0)")] }
        _ = await org.call("POST", "composite/sobjects", json: ["records": .array(records)])
        let composite = (0..<20).map { index -> JSON in
            [
                "method": "POST", "url": "/services/data/v59.0/sobjects/Contact", "referenceId": .string("c\(index)"),
                "body": ["LastName": "C"],
            ]
        }
        let last = await org.call("POST", "composite", json: ["compositeRequest": .array(composite)])
        #expect(last.headers["sforce-limit-info"] == "api-usage=3/100000")
        let counted = await stats(org)
        #expect(counted?["api_requests"] == 3)
        #expect(counted?["by_resource"] == ["query": 1, "composite/sobjects": 1, "composite": 1])
        #expect(counted?["records"]?["Contact"] == 175)
        let limits = await org.call("GET", "limits")
        #expect(limits.json?["DailyApiRequests"] == ["Max": 100_000, "Remaining": 99_996])
        #expect(limits.headers["sforce-limit-info"] == "api-usage=4/100000")
    }

    @Test func pastTheDailyAllowanceRequestsGet403RequestLimitExceeded() async throws {
        let org = try await OrgConnection.standard(edit: { $0.organization.dailyAPIRequests = 3 })
        for _ in 0..<3 { #expect(await org.call("GET", "limits").status == 200) }
        let refused = await org.call("GET", "query?q=SELECT+Id+FROM+Lead")
        #expect(refused.status == 403)
        #expect(refused.json?.arrayValue?.first?["errorCode"] == "REQUEST_LIMIT_EXCEEDED")
        #expect(refused.headers["sforce-limit-info"] == "api-usage=3/3")
        #expect(await stats(org)?["api_requests_refused"] == 1)
        #expect(await org.call("POST", "/__emulator/reset").status == 204)
        #expect(await org.call("GET", "limits").status == 200)
    }

    struct FaultCase: Sendable, CustomTestStringConvertible {
        var rate: String
        var status: Int
        var code: String
        var testDescription: String { rate }
    }

    @Test(arguments: [
        FaultCase(rate: "http500", status: 500, code: "UNKNOWN_EXCEPTION"),
        FaultCase(rate: "http503", status: 503, code: "SERVER_UNAVAILABLE"),
        FaultCase(rate: "request_limit", status: 403, code: "REQUEST_LIMIT_EXCEEDED"),
        FaultCase(rate: "row_lock", status: 400, code: "UNABLE_TO_LOCK_ROW"),
        FaultCase(rate: "session_expired", status: 401, code: "INVALID_SESSION_ID"),
    ])
    func eachFaultAnswersAsSalesforceDoesAndChangesNothing(_ fault: FaultCase) async throws {
        let org = try await OrgConnection.standard()
        let configured = await org.call("POST", "/__emulator/faults", json: ["seed": 7, "rates": [fault.rate: 1.0]])
        #expect(configured.status == 200)
        let reply = await org.call("POST", "sobjects/Contact", json: ["LastName": "Faulted"])
        #expect(reply.status == fault.status)
        #expect(reply.json?.arrayValue?.first?["errorCode"]?.stringValue == fault.code)
        #expect(await org.call("DELETE", "/__emulator/faults").status == 204)
        let after = await org.call("GET", "query?q=SELECT+Id+FROM+Contact+WHERE+LastName='Faulted'")
        // An expired session stays expired: the client must sign in again.
        #expect(after.status == (fault.rate == "session_expired" ? 401 : 200))
        #expect(await stats(org)?["faults_injected"]?[fault.rate] == 1)
        #expect(await stats(org)?["records"]?["Contact"] == 5)
    }

    @Test func aDroppedConnectionStillCarriesOutTheRequest() async throws {
        let org = try await OrgConnection.standard()
        _ = await org.call("POST", "/__emulator/faults", json: ["rates": ["drop_connection": 1.0]])
        let response = await org.emulator.respond(
            to: APIRequest(
                method: "POST",
                target: "/services/data/v59.0/sobjects/Contact",
                headers: ["Authorization": "Bearer \(org.accessToken)"],
                body: Data(#"{"LastName":"Dropped"}"#.utf8)
            )
        )
        #expect(response.dropsConnection)
        _ = await org.call("DELETE", "/__emulator/faults")
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'Dropped'").count == 1)
    }

    @Test func faultRatesAreChancesPerRequestRepeatableBySeed() async throws {
        func run(seed: Int) async throws -> [Int] {
            let org = try await OrgConnection.standard()
            _ = await org.call("POST", "/__emulator/faults", json: ["seed": .int(seed), "rates": ["http503": 0.3]])
            var statuses: [Int] = []
            for _ in 0..<200 { statuses.append(await org.call("GET", "limits").status) }
            return statuses
        }
        let first = try await run(seed: 11)
        #expect(try await run(seed: 11) == first)
        let failures = first.filter { $0 == 503 }.count
        #expect((30...90).contains(failures), "30% of 200 requests, got \(failures)")
    }

    @Test func addedLatencyDelaysEachRequest() async throws {
        let org = try await OrgConnection.standard()
        _ = await org.call("POST", "/__emulator/faults", json: ["latency_ms": ["min": 40, "max": 60]])
        let clock = ContinuousClock()
        let elapsed = await clock.measure { _ = await org.call("GET", "limits") }
        #expect(elapsed >= .milliseconds(40))
    }

    @Test func invalidFaultSettingsAreRefusedNamingTheKey() async throws {
        let org = try await OrgConnection.standard()
        let reply = await org.call("POST", "/__emulator/faults", json: ["rates": ["http500": 1.5]])
        #expect(reply.status == 400)
        #expect(reply.json?.arrayValue?.first?["fields"] == ["http500"])
        #expect(await org.call("POST", "/__emulator/faults", json: ["rates": ["http500": "often"]]).status == 400)
    }

    @Test func resetRestoresTheFixturesRecords() async throws {
        let org = try await OrgConnection.standard()
        _ = await org.call("POST", "sobjects/Contact", json: ["LastName": "Temporary"])
        _ = await org.call("DELETE", "sobjects/Contact/0035e0000000001AAA")
        #expect(await org.call("POST", "/__emulator/reset").status == 204)
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'Temporary'").isEmpty)
        #expect(await org.query("SELECT Id FROM Contact WHERE LastName = 'Lovelace'").count == 1)
        #expect(await stats(org)?["api_requests"] == 2)
    }
}
