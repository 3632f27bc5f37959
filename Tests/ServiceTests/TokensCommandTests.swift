import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// `avosync tokens`: a token is shown once and kept only as a digest; names are unique and never
/// reserved; list shows no secret; revoke and SIGHUP end a token for a running service.
@Suite("Command line: tokens", .serialized)
struct TokensCommandTests {
    @Test(
        "create prints only the token, keeps only its digest in a file of mode 0600, and refuses reserved or taken names with exit 2"
    )
    func createShowsTheTokenOnce() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory + "/tokens"
            let create = { (name: String, extra: [String]) in
                try await ChildProcess.run(
                    "avosync",
                    [
                        "tokens", "create", "--tokens-file", file, "--name", name, "--accounts", "acme", "--roles",
                        "ingest,read",
                    ]
                        + extra
                )
            }
            let made = try await create("acme", [])
            #expect(made.status == 0)
            let token = String(made.text.dropLast())
            #expect(made.text == token + "\n" && token.count >= 43, "standard output is only the token and a newline")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!text.contains(token))
            #expect(text.contains("name=acme accounts=acme roles=ingest,read"))
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let json = try await create("acme-json", ["--json"])
            let document = try #require(JSON.parse(Data(json.output)))
            #expect(document["name"]?.stringValue == "acme-json")
            #expect(document["token"]?.stringValue?.hasPrefix("avosync_") == true)
            #expect(document["roles"]?.arrayValue?.compactMap(\.stringValue) == ["ingest", "read"])
            #expect(document["accounts"]?.arrayValue?.compactMap(\.stringValue) == ["acme"])

            for name in ["acme", "cli", "avosync", "token"] {
                let refused = try await create(name, [])
                #expect(refused.status == 2, "\(name): \(refused.errors)")
                #expect(refused.text.isEmpty)
            }
            #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 2)
        }
    }

    @Test("list shows names, accounts and roles, never a token or a whole digest")
    func listShowsNoSecret() async throws {
        try await withTemporaryDirectory { directory in
            let tokens = try await TenantTokens.make(in: directory + "/tokens")
            let digests = tokens.lines.compactMap { $0.split(separator: " ").first.map { String($0.dropFirst(7)) } }
            for extra in [[], ["--json"]] {
                let list = try await ChildProcess.run(
                    "avosync",
                    ["tokens", "list", "--tokens-file", directory + "/tokens"] + extra
                )
                #expect(list.status == 0)
                for name in TenantTokens.standard.map(\.name) { #expect(list.text.contains(name)) }
                for token in tokens.tokens.values { #expect(!list.text.contains(token)) }
                for digest in digests { #expect(digest.count == 64 && !list.text.contains(digest)) }
            }
            let json = try await ChildProcess.run(
                "avosync",
                ["tokens", "list", "--tokens-file", directory + "/tokens", "--json"]
            )
            let rows = JSON.parse(Data(json.output))?["tokens"]?.arrayValue ?? []
            let admin = rows.first { $0["name"]?.stringValue == "acme-admin" }
            #expect(admin?["roles"]?.arrayValue?.compactMap(\.stringValue) == ["ingest", "admin"])
            #expect(admin?["accounts"]?.arrayValue?.compactMap(\.stringValue) == ["acme", "acme-eu"])
        }
    }

    @Test("a revoked token, once serve re-reads the file on SIGHUP, is refused; the others keep working")
    func revokeEndsAToken() async throws {
        let directory = makeTemporaryDirectory()
        let tokens = try await TenantTokens.make(in: directory + "/tokens")
        let fixture = try await ServiceFixture(directory: directory, tokens: tokens.lines)
        defer { fixture.finish() }
        let client = IngestClient(baseURL: fixture.serve.baseURL, token: nil)
        let line = TenancyTests.text("acme", "before")
        #expect(try await client.post(lines: [line], token: tokens["acme-ingest"]).status == 200)
        let revoke = try await ChildProcess.run(
            "avosync",
            ["tokens", "revoke", "--tokens-file", fixture.tokensFile, "--name", "acme-ingest"]
        )
        #expect(revoke.status == 0, "\(revoke.errors)")
        fixture.serve.process.signal(SIGHUP)
        var refused = false
        for attempt in 0..<100 where !refused {
            let answer = try await client.post(
                lines: [TenancyTests.text("acme", "after-\(attempt)")],
                token: tokens["acme-ingest"]
            )
            refused = answer.status == 401
            if !refused { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(refused, "a revoked token is refused once the file is re-read")
        #expect(
            try await client.post(lines: [TenancyTests.text("acme", "admin")], token: tokens["acme-admin"]).status
                == 200
        )
        let unknown = try await ChildProcess.run(
            "avosync",
            ["tokens", "revoke", "--tokens-file", fixture.tokensFile, "--name", "nobody"]
        )
        #expect(unknown.status == 2)
    }
}
