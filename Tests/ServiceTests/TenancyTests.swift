import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import SyncModel
import Testing

/// Every token writes only its own accounts, and only the types its roles allow: anything else
/// makes the whole request 403, line by line, with nothing appended; every event names the token
/// that posted it.
@Suite("Service: tenancy", .serialized)
struct TenancyTests {
    static func text(_ account: String, _ id: String) -> String {
        #"{"type":"text.logged","account":"\#(account)","id":"\#(id)","contact":"c-1","at":"2026-11-28T09:00:00Z","direction":"inbound","body":"hello"}"#
    }

    static func settings(_ account: String, _ id: String) -> String {
        #"{"type":"settings.changed","account":"\#(account)","id":"\#(id)","at":"2026-11-28T09:00:00Z","settings":{"sync_field_updates":false}}"#
    }

    static let connected =
        #"{"type":"salesforce.connected","account":"globex","id":"conn","at":"2026-11-28T09:00:00Z","environment":"production","instance_url":"https://globex.example"}"#

    /// The refusals of a 403 answer, as (line, field).
    static func refusals(_ answer: IngestClient.Answer) -> [(Int?, String?)] {
        (answer.json?["errors"]?.arrayValue ?? []).map {
            ($0["line"]?.doubleValue.map { Int($0) }, $0["field"]?.stringValue)
        }
    }

    static func withTenants(_ body: (ServiceFixture, TenantTokens) async throws -> Void) async throws {
        let directory = makeTemporaryDirectory()
        let tokens = try await TenantTokens.make(in: directory + "/tokens")
        let fixture = try await ServiceFixture(directory: directory, tokens: tokens.lines)
        defer { fixture.finish() }
        try await body(fixture, tokens)
    }

    @Test(
        "a post reaching another tenant's account, or a type beyond its roles, is refused 403 line by line, and nothing of it is appended"
    )
    func crossTenantPostsAreRefused() async throws {
        try await Self.withTenants { fixture, tokens in
            let client = IngestClient(baseURL: fixture.serve.baseURL, token: nil)
            let other = try await client.post(lines: [Self.text("globex", "a1")], token: tokens["acme-ingest"])
            #expect(other.status == 403)
            #expect(Self.refusals(other).map(\.0) == [1] && Self.refusals(other).map(\.1) == ["account"])

            let mixed = try await client.post(
                lines: [Self.text("acme", "m1"), Self.text("globex", "m2"), Self.text("acme-eu", "m3")],
                token: tokens["acme-ingest"]
            )
            #expect(mixed.status == 403, "one line outside the scope refuses the whole request")
            #expect(Self.refusals(mixed).map(\.0) == [2])

            let control = try await client.post(lines: [Self.settings("acme", "s1")], token: tokens["acme-ingest"])
            #expect(control.status == 403)
            #expect(Self.refusals(control).map(\.1) == ["type"])
            let connect = try await client.post(lines: [Self.connected], token: tokens["globex-ingest"])
            #expect(connect.status == 403 && Self.refusals(connect).map(\.1) == ["type"])

            let reader = try await client.post(lines: [Self.text("acme", "r1")], token: tokens["acme-read"])
            #expect(reader.status == 403, "a token without ingest may post nothing")
            #expect(Self.refusals(reader).map(\.1) == ["type"] && Self.refusals(reader).map(\.0) == [nil])

            let adminElsewhere = try await client.post(
                lines: [Self.settings("globex", "s2")],
                token: tokens["acme-admin"]
            )
            #expect(adminElsewhere.status == 403 && Self.refusals(adminElsewhere).map(\.1) == ["account"])

            let array = "[" + [Self.text("acme", "j1"), Self.text("globex", "j2")].joined(separator: ",") + "]"
            let arrayAnswer = try await client.post(
                Data(array.utf8),
                contentType: "application/json",
                token: tokens["acme-ingest"]
            )
            #expect(arrayAnswer.status == 403 && Self.refusals(arrayAnswer).map(\.0) == [2])
            #expect(try fixture.events().isEmpty, "nothing of a refused request is appended")
        }
    }

    @Test("scope is checked before validity: an out-of-scope line answers 403 even beside invalid lines")
    func scopeBeforeValidity() async throws {
        try await Self.withTenants { fixture, tokens in
            let client = IngestClient(baseURL: fixture.serve.baseURL, token: tokens["acme-ingest"])
            let invalidOnly =
                #"{"type":"text.logged","account":"acme","contact":"c-1","at":"yesterday","direction":"inbound","body":"x"}"#
            let invalidElsewhere =
                #"{"type":"text.logged","account":"globex","contact":"c 1","at":"2026-11-28T09:00:00Z"}"#
            let answer = try await client.post(lines: [invalidOnly, invalidElsewhere, "{not json"])
            #expect(answer.status == 403)
            #expect(Self.refusals(answer).map(\.0) == [2])
            let invalid = try await client.post(lines: [invalidOnly])
            #expect(invalid.status == 422, "within the scope, validity decides")
            #expect(try fixture.events().isEmpty)
        }
    }

    @Test("allowed posts land in their token's name: log --json shows appended_by, and cli for append")
    func eventsNameTheirToken() async throws {
        try await Self.withTenants { fixture, tokens in
            let client = IngestClient(baseURL: fixture.serve.baseURL, token: nil)
            #expect(
                try await client.post(
                    lines: [Self.text("acme", "e1"), Self.text("acme-eu", "e2")],
                    token: tokens["acme-ingest"]
                ).status == 200
            )
            #expect(
                try await client.post(lines: [Self.settings("acme", "e3")], token: tokens["acme-admin"]).status == 200
            )
            #expect(
                try await client.post(lines: [Self.text("globex", "e4")], token: tokens["globex-ingest"]).status == 200
            )
            let appended = try await ChildProcess.run(
                "avosync",
                ["append", "--data", fixture.data],
                input: Data((Self.text("globex", "e5") + "\n").utf8)
            )
            #expect(appended.status == 0, "\(appended.errors)")
            let log = try await ChildProcess.run("avosync", ["log", "--data", fixture.data, "--json"])
            let byID = Dictionary(
                uniqueKeysWithValues: log.text.split(separator: "\n").compactMap { JSON.parse(Data($0.utf8)) }.map {
                    ($0["id"]?.stringValue ?? "", $0["appended_by"]?.stringValue ?? "")
                }
            )
            #expect(
                byID == [
                    "e1": "acme-ingest", "e2": "acme-ingest", "e3": "acme-admin", "e4": "globex-ingest", "e5": "cli",
                ]
            )
            for token in tokens.tokens.values { #expect(!log.text.contains(token)) }
        }
    }

    @Test("a tokens file of bare tokens keeps working, with a warning at start that names the line")
    func legacyTokensStillWork() async throws {
        let directory = makeTemporaryDirectory()
        let tokens = try await TenantTokens.make([("globex-read", "globex", "read")], in: directory + "/tokens")
        let bare = "an-old-bare-token-0123456789"
        let fixture = try await ServiceFixture(
            directory: directory,
            tokens: ["# from before names", bare] + tokens.lines
        )
        defer { fixture.finish() }
        #expect(await fixture.serve.process.waitForErrorOutput(containing: "line 2 of the tokens file"))
        let answer = try await fixture.client.post(lines: [Self.text("anyone", "l1")], token: bare)
        #expect(answer.status == 200, "a bare token still reaches every account")
        let log = try await ChildProcess.run("avosync", ["log", "--data", fixture.data, "--json"])
        #expect(log.text.contains(#""appended_by":"token""#))
        #expect(!fixture.serve.process.errorOutput.contains(bare))
    }
}
