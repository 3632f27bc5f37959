import EmulatorTestSupport
import EventLogTestSupport
import Foundation

/// Tokens made the way an operator makes them, with `avosync tokens create`: name to token.
struct TenantTokens: Sendable {
    /// Who gets which token: two tenants, acme (accounts acme and acme-eu) and globex (globex),
    /// each with an ingest and a read token, and an admin token for acme.
    static let standard: [(name: String, accounts: String, roles: String)] = [
        ("acme-ingest", "acme,acme-eu", "ingest"),
        ("acme-read", "acme,acme-eu", "read"),
        ("acme-admin", "acme,acme-eu", "ingest,admin"),
        ("globex-ingest", "globex", "ingest"),
        ("globex-read", "globex", "read"),
    ]

    let tokens: [String: String]
    /// The lines of the tokens file they were written to.
    let lines: [String]

    subscript(name: String) -> String { tokens[name] ?? "" }

    /// Makes `specs` into the tokens file `path`; each command's standard output must be only
    /// the token and a newline.
    static func make(
        _ specs: [(name: String, accounts: String, roles: String)] = standard,
        in path: String
    ) async throws -> TenantTokens {
        let tokens = try await createTokens(specs, in: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        return TenantTokens(tokens: tokens, lines: lines)
    }
}
