import EmulatorTestSupport
import Foundation
import SalesforceClient
import SalesforceEmulator
import Testing

/// The client against the emulator over HTTP: sign-in, refresh on 401, retries, typed errors.
@Suite("SalesforceClient: on the wire")
struct ClientWireTests {
    static func client(
        _ live: LiveEmulator,
        retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(1))
    ) throws -> SalesforceClient {
        try SalesforceClient(
            credentials: OAuthCredentials(
                loginURL: URL(string: live.baseURL)!,
                clientID: "avosync-demo",
                clientSecret: "demo-secret",
                refreshToken: "demo-refresh-token"
            ),
            transport: HTTPTransport(),
            retry: retry
        )
    }

    static func withClient(_ body: (SalesforceClient, LiveEmulator) async throws -> Void) async throws {
        let live = try await LiveEmulator.start()
        let client = try Self.client(live)
        do {
            try await body(client, live)
        } catch {
            await client.shutdown()
            await live.stop()
            throw error
        }
        await client.shutdown()
        await live.stop()
    }

    @Test("sign-in gives the instance URL and org id; usage is read from every answer")
    func signInAndUsage() async throws {
        try await Self.withClient { client, live in
            let session = try await client.signIn()
            #expect(session.instanceURL.absoluteString == live.baseURL)
            #expect(session.orgID == "00D5e0000000001EAA")
            _ = try await client.query(SOQLQuery(select: [try APIName("Id")], from: try APIName("Contact")))
            #expect(await client.usage?.limit == 100_000)
        }
    }

    @Test("a wrong secret is a typed sign-in refusal")
    func wrongSecretIsRefused() async throws {
        let live = try await LiveEmulator.start()
        let client = try SalesforceClient(
            credentials: OAuthCredentials(
                loginURL: URL(string: live.baseURL)!,
                clientID: "avosync-demo",
                clientSecret: "wrong",
                refreshToken: "demo-refresh-token"
            ),
            transport: HTTPTransport()
        )
        await #expect(throws: SalesforceError.self) { try await client.signIn() }
        do {
            _ = try await client.signIn()
        } catch let error as SalesforceError {
            #expect(error.errorCode == "invalid_client")
            #expect(!error.description.contains("wrong"))
        }
        await client.shutdown()
        await live.stop()
    }

    @Test("an expired session is refreshed once and the request repeated")
    func expiredSessionIsRefreshedOnce() async throws {
        try await Self.withClient { client, live in
            func tokensIssued() async -> Double {
                await live.org.call("GET", "/__emulator/stats").json?["access_tokens_issued"]?.doubleValue ?? 0
            }
            _ = try await client.limits()
            let start = await tokensIssued()
            // Every request now expires its session: one refresh, then the 401 comes back typed.
            _ = await live.org.call("POST", "/__emulator/faults", json: ["rates": ["session_expired": 1.0]])
            do {
                _ = try await client.limits()
                Issue.record("no refusal")
            } catch let error as SalesforceError {
                #expect(error.errorCode == "INVALID_SESSION_ID")
            }
            #expect(await tokensIssued() == start + 1, "refreshed exactly once")
            // The session is dead; the next call refreshes once and succeeds.
            _ = await live.org.call("DELETE", "/__emulator/faults")
            _ = try await client.limits()
            #expect(await tokensIssued() == start + 2)
        }
    }

    @Test(
        "server errors, locked rows and dropped connections are retried; typed errors carry Salesforce's code and fields"
    )
    func transientFailuresAreRetried() async throws {
        try await Self.withClient { client, live in
            _ = await live.org.call(
                "POST",
                "/__emulator/faults",
                json: ["seed": 5, "rates": ["http500": 0.2, "http503": 0.2, "drop_connection": 0.1]]
            )
            for _ in 0..<20 {
                _ = try await client.query(SOQLQuery(select: [try APIName("Id")], from: try APIName("Lead")))
            }
            #expect(await client.retries > 0)
            _ = await live.org.call("DELETE", "/__emulator/faults")
            do {
                _ = try await client.create(try APIName("Lead"), fields: ["FirstName": "NoLastName"])
                Issue.record("a Lead without LastName and Company was accepted")
            } catch let error as SalesforceError {
                #expect(error.errorCode == "REQUIRED_FIELD_MISSING")
                guard case .api(let status, let errors, _) = error else { throw error }
                #expect(status == 400)
                #expect(Set(errors.flatMap(\.fields)) == ["LastName", "Company"])
                #expect(!error.isTransient)
            }
        }
    }

    @Test("REQUEST_LIMIT_EXCEEDED is its own error, not retried")
    func requestLimitIsTyped() async throws {
        try await Self.withClient { client, live in
            _ = try await client.signIn()
            _ = await live.org.call("POST", "/__emulator/faults", json: ["rates": ["request_limit": 1.0]])
            do {
                _ = try await client.limits()
                Issue.record("no refusal")
            } catch SalesforceError.requestLimitExceeded {
            }
            #expect(await client.retries == 0)
        }
    }

    @Test("an injection attempt through a phone is only searched for")
    func injectionThroughAPhoneFindsNothing() async throws {
        try await Self.withClient { client, _ in
            let query = SOQLQuery(
                select: [try APIName("Id")],
                from: try APIName("Contact"),
                where: .equals(try APIName("Phone"), .string("x' OR LastName != '"))
            )
            #expect(try await client.query(query).isEmpty)
            let search = SOSLSearch(
                anyOf: ["0101} IN ALL FIELDS RETURNING Contact(Id"],
                in: .phone,
                returning: [SOSLReturning(try APIName("Contact"), fields: [try APIName("Id")])]
            )
            #expect(try await client.search(search).isEmpty)
        }
    }

    @Test("collections and composite: one call each, results per record")
    func collectionsAndComposite() async throws {
        try await Self.withClient { client, live in
            let task = try APIName("Task")
            let writes = (0..<150).map {
                RecordWrite(
                    object: task,
                    fields: ["Subject": .string("t\($0)"), "Avochato_Event_Id__c": .string("e\($0)")]
                )
            }
            let before = await live.org.call("GET", "/__emulator/stats").json?["api_requests"]?.doubleValue ?? 0
            let results = try await client.upsertCollection(task, by: try APIName("Avochato_Event_Id__c"), writes)
            #expect(results.count == 150 && results.allSatisfy { $0.success && $0.created == true })
            let again = try await client.upsertCollection(task, by: try APIName("Avochato_Event_Id__c"), writes)
            #expect(again.allSatisfy { $0.success && $0.created == false })
            let answers = try await client.composite([
                .query(SOQLQuery(select: [try APIName("Id")], from: task), referenceID: "all"),
                .updateCollection(
                    [RecordWrite(object: task, id: results[0].id, fields: ["Subject": "changed"])],
                    referenceID: "change"
                ),
            ])
            #expect(answers[0].records.count == 150)
            #expect(answers[1].saveResults.first?.success == true)
            let after = await live.org.call("GET", "/__emulator/stats").json?["api_requests"]?.doubleValue ?? 0
            #expect(after - before == 3)
        }
    }
}
