import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import SyncModel
import Testing

@Suite("Service: POST /v1/events", .serialized)
struct IngestEndpointTests {
    @Test("a request without a known token is refused 401 and appends nothing; SIGHUP adds and removes tokens")
    func authenticationAndTokenReload() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.finish() }
        let lines = textLines(2)
        let anonymous = IngestClient(baseURL: fixture.serve.baseURL, token: nil)
        #expect(try await anonymous.post(lines: lines).status == 401)
        #expect(try await fixture.client.post(lines: lines, token: "wrong-token-0123456789").status == 401)
        #expect(try fixture.events().isEmpty)

        let added = "added-token-0123456789abcdef"
        try writeTokens([added], to: fixture.tokensFile)
        fixture.serve.process.signal(SIGHUP)
        var reloaded = false
        for _ in 0..<100 where !reloaded {
            try await Task.sleep(for: .milliseconds(50))
            reloaded = try await fixture.client.post(lines: lines, token: added).status == 200
        }
        #expect(reloaded, "the token added to the file is accepted after SIGHUP")
        #expect(
            try await fixture.client.post(lines: textLines(1, prefix: "x")).status == 401,
            "the removed token is refused"
        )
        #expect(try fixture.events().count == 2)
        // A short token is accepted, with a warning: the contract takes any line of the file.
        try writeTokens(["short-tok"], to: fixture.tokensFile)
        fixture.serve.process.signal(SIGHUP)
        var short = false
        for _ in 0..<100 where !short {
            try await Task.sleep(for: .milliseconds(50))
            short = try await fixture.client.post(lines: textLines(1, prefix: "s"), token: "short-tok").status == 200
        }
        #expect(short)
        #expect(!fixture.serve.process.errorOutput.contains(ServiceFixture.token))
        #expect(!fixture.serve.process.errorOutput.contains(added))
    }

    @Test("bad requests are answered 400, 413, 415 or 422 naming the line and field, and append nothing")
    func badRequestsAppendNothing() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.finish() }
        let client = fixture.client
        let good = textLines(3)

        let mixed = [
            good[0],
            #"{"type":"contact.upserted","account":"acme","contact":"c1","at":"2026-11-28T09:00:00Z","fields":{"phone":"12"}}"#,
            good[1],
        ]
        let invalid = try await client.post(lines: mixed)
        #expect(invalid.status == 422)
        let error = invalid.json?["errors"]?.arrayValue?.first
        #expect(error?["line"]?.doubleValue == 2)
        #expect(error?["field"]?.stringValue == "fields.phone")

        #expect(try await client.post(Data(good.joined(separator: "\n").utf8), contentType: "text/plain").status == 415)
        #expect(try await client.post(Data(#"{"not":"an array"}"#.utf8), contentType: "application/json").status == 400)
        #expect(try await client.post(Data("[1, 2".utf8), contentType: "application/json").status == 400)
        let huge = Data(repeating: UInt8(ascii: "a"), count: (16 << 20) + 1)
        #expect(try await client.post(huge).status == 413)
        #expect(try fixture.events().isEmpty, "no bad request appended anything")

        let array = "[" + good.joined(separator: ",") + "]"
        let arrayInvalid = "[" + good[0] + #",{"type":"text.logged"}]"#
        let refused = try await client.post(Data(arrayInvalid.utf8), contentType: "application/json")
        #expect(refused.status == 422)
        #expect(refused.json?["errors"]?.arrayValue?.first?["line"]?.doubleValue == 2, "array elements count from 1")
        let accepted = try await client.post(Data(array.utf8), contentType: "application/json; charset=utf-8")
        #expect(accepted.status == 200)
        #expect(accepted.json?["appended"]?.doubleValue == 3)
        #expect(accepted.json?["first_offset"]?.doubleValue == 0)
        #expect(accepted.json?["last_offset"]?.doubleValue == 2)
        #expect(try fixture.events().map(\.id) == ["e-0", "e-1", "e-2"])
    }

    @Test("a retried request appends nothing twice, also after a restart and through append")
    func retriesAreIdempotent() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let lines = textLines(5)
        var fixture = try await ServiceFixture(directory: directory)
        let first = try await fixture.client.post(lines: lines)
        #expect(first.json?["appended"]?.doubleValue == 5)
        let again = try await fixture.client.post(lines: lines)
        #expect(again.status == 200)
        #expect(again.json?["appended"]?.doubleValue == 0)
        #expect(again.json?["duplicates"]?.doubleValue == 5)
        #expect(again.json?["first_offset"] == .null)
        #expect(await fixture.serve.stop() == 0)

        fixture = try await ServiceFixture(directory: directory)
        let partly = try await fixture.client.post(lines: Array(lines[3...]) + textLines(2, prefix: "new"))
        #expect(partly.json?["appended"]?.doubleValue == 2, "after a restart the window is rebuilt from the log")
        #expect(partly.json?["duplicates"]?.doubleValue == 2)
        #expect(await fixture.serve.stop() == 0)

        let file = directory + "/again.ndjson"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let append = try await ChildProcess.run("avosync", ["append", "--data", directory + "/data", "--json", file])
        #expect(append.status == 0)
        let report = JSON.parse(Data(append.output))
        #expect(report?["appended"]?.doubleValue == 0)
        #expect(report?["duplicates"]?.doubleValue == 5)
        #expect(try loggedEvents(directory + "/data").count == 7)
    }

    @Test("append and the service write beside each other: the service lets the log go when idle")
    func appendBesideTheService() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.finish() }
        #expect(try await fixture.client.post(lines: textLines(2)).status == 200)
        try await Task.sleep(for: .seconds(2))
        let file = fixture.directory + "/more.ndjson"
        try (textLines(3).joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let append = try await ChildProcess.run("avosync", ["append", "--data", fixture.data, file])
        #expect(append.status == 0, "\(append.errors)")
        #expect(append.text.contains("2 duplicates"))
        let after = try await fixture.client.post(lines: textLines(3))
        #expect(after.json?["duplicates"]?.doubleValue == 3, "what append wrote is in the service's window")
        #expect(try fixture.events().map(\.id) == ["e-0", "e-1", "e-2"])
    }
}
