import EventLogTestSupport
import Foundation
import Testing

@testable import Access

/// `avosync tokens create`, `list` and `revoke` as file operations: random tokens kept only as
/// digests, a file of mode 0600, names unique and never reserved, nothing lost to a concurrent change.
@Suite("Access: making and revoking tokens")
struct TokenFileEditorTests {
    @Test("create makes a long random token, keeps only its digest, in a file of mode 0600")
    func createKeepsOnlyTheDigest() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/tokens"
            let editor = TokenFileEditor(path: path)
            let made = try editor.create(name: "acme-ingest", accounts: .only(["acme"]), roles: .ingest)
            let other = try editor.create(name: "ops", accounts: .all, roles: .all)
            #expect(made.token.hasPrefix("avosync_") && made.token.utf8.count >= 8 + 43, "32 random bytes in base64url")
            #expect(made.token != other.token)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(made.token) && !text.contains(other.token))
            #expect(text.contains(TokenDigest(of: made.token).hex))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let store = try TokenStore(path: path)
            #expect(store.grant(for: made.token) == made.grant)
            #expect(store.grant(for: "avosync_" + "x") == nil)
        }
    }

    @Test("a name already in the file, a reserved name or one that breaks the rule is refused as a usage mistake")
    func namesAreChecked() async throws {
        try await withTemporaryDirectory { directory in
            let editor = TokenFileEditor(path: directory + "/tokens")
            _ = try editor.create(name: "acme", accounts: .all, roles: .read)
            for name in ["acme", "cli", "avosync", "token", "", "a b"] {
                #expect {
                    _ = try editor.create(name: name, accounts: .all, roles: .read)
                } throws: { error in
                    if case .usage = error as? TokenEditError { return true }
                    return false
                }
            }
            #expect(try editor.list().count == 1)
        }
    }

    @Test("revoke takes the line out and keeps the others; the last token, or an unknown name, is refused")
    func revokeRemovesOneLine() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/tokens"
            try "# kept comment\nold-style-token-0123456789\n".write(toFile: path, atomically: true, encoding: .utf8)
            let editor = TokenFileEditor(path: path)
            let acme = try editor.create(name: "acme", accounts: .only(["acme"]), roles: .ingest)
            let globex = try editor.create(name: "globex", accounts: .only(["globex"]), roles: .read)
            #expect(try editor.revoke(name: "acme").name == "acme")
            let store = try TokenStore(path: path)
            #expect(store.grant(for: acme.token) == nil)
            #expect(store.grant(for: globex.token)?.name == "globex")
            #expect(store.grant(for: "old-style-token-0123456789")?.isLegacy == true)
            #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("# kept comment\n"))
            #expect(throws: TokenEditError.self) { try editor.revoke(name: "acme") }
            #expect(try editor.list().map(\.grant.name) == ["token", "globex"])
        }
    }

    @Test("changes made at once by several processes' worth of threads all land")
    func concurrentCreatesAllLand() async throws {
        try await withTemporaryDirectory { directory in
            let editor = TokenFileEditor(path: directory + "/tokens")
            DispatchQueue.concurrentPerform(iterations: 16) { index in
                _ = try? editor.create(name: "t\(index)", accounts: .all, roles: .read)
            }
            let names = Set(try editor.list().map(\.grant.name))
            #expect(names == Set((0..<16).map { "t\($0)" }))
        }
    }
}
