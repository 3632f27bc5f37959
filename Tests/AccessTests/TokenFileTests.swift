import Testing

@testable import Access

/// The tokens file: scoped lines with a digest, name, accounts and roles; bare tokens of the old
/// format still accepted; every mistake named by its line.
@Suite("Access: the tokens file")
struct TokenFileTests {
    static let acmeDigest = TokenDigest(of: "acme-secret-token-0123456789")

    @Test("a scoped line grants its name, accounts and roles to the token whose digest it holds")
    func scopedLines() throws {
        let text = """
            # tenants
            sha256:\(Self.acmeDigest.hex) name=acme-ingest accounts=acme,acme-eu roles=ingest

            sha256:\(TokenDigest(of: "ops").hex) name=ops accounts=* roles=read,admin,ingest
            """
        let file = try TokenFile(text: text)
        #expect(file.entries.count == 2)
        let acme = try #require(file.entries.first)
        #expect(acme.line == 2)
        #expect(acme.digest == Self.acmeDigest)
        #expect(acme.grant == Grant(name: "acme-ingest", accounts: .only(["acme", "acme-eu"]), roles: .ingest))
        #expect(acme.grant.may(.ingest, on: "acme-eu"))
        #expect(!acme.grant.may(.ingest, on: "globex"))
        #expect(!acme.grant.may([.ingest, .admin], on: "acme"))
        let ops = file.entries[1].grant
        #expect(ops.accounts == .all && ops.roles == .all && !ops.isLegacy)
        #expect(ops.may(.read, on: "an-account-made-tomorrow"))
        #expect(file.legacyLines.isEmpty)
    }

    @Test("a bare token line keeps working: every account and role, named token, reported by its line")
    func bareTokensAreLegacy() throws {
        let file = try TokenFile(
            text:
                "sha256:\(Self.acmeDigest.hex) name=a accounts=acme roles=read\n  old-style-token-0123456789  \nshort\n"
        )
        #expect(file.legacyLines == [2, 3])
        #expect(file.shortLegacyTokens == 1)
        let legacy = try #require(file.entries.first { $0.line == 2 })
        #expect(
            legacy.digest == TokenDigest(of: "old-style-token-0123456789"),
            "spaces around a token are not part of it"
        )
        #expect(legacy.grant == Grant(name: "token", accounts: .all, roles: .all, isLegacy: true))
    }

    @Test(
        "a line that cannot be used is refused, naming the line and what is wrong",
        arguments: [
            ("sha256:ABC name=a accounts=x roles=read", "64 lowercase hex"),
            ("sha256:\(String(repeating: "A", count: 64)) name=a accounts=x roles=read", "64 lowercase hex"),
            ("sha256:\(acmeDigest.hex) name=a accounts=x", "needs name=, accounts= and roles="),
            ("sha256:\(acmeDigest.hex) name=a accounts=x roles=write", "unknown role 'write'"),
            ("sha256:\(acmeDigest.hex) name=a accounts=x roles=", "empty role"),
            ("sha256:\(acmeDigest.hex) name=a accounts=x y roles=read", "'y' is not KEY=VALUE"),
            ("sha256:\(acmeDigest.hex) name=a accounts= roles=read", "accounts:"),
            ("sha256:\(acmeDigest.hex) name=a accounts=has/slash roles=read", "not an account name"),
            ("sha256:\(acmeDigest.hex) name=a name=b accounts=x roles=read", "given twice"),
            ("sha256:\(acmeDigest.hex) name=a accounts=x roles=read scope=all", "unknown key 'scope'"),
            ("sha256:\(acmeDigest.hex) name=cli accounts=x roles=read", "reserved"),
            ("sha256:\(acmeDigest.hex) name=avosync accounts=x roles=read", "reserved"),
            ("sha256:\(acmeDigest.hex) name=token accounts=x roles=read", "reserved"),
            ("sha256:\(acmeDigest.hex) name=has space accounts=x roles=read", "KEY=VALUE"),
        ]
    )
    func badLinesAreNamed(line: String, mention: String) {
        let text = "# a comment\n" + line + "\n"
        #expect {
            try TokenFile(text: text)
        } throws: { error in
            let problem = error as? TokenFileProblem
            return problem?.line == 2 && problem?.reason.contains(mention) == true
        }
    }

    @Test("a name used twice, or one token on two lines, is refused at the second line")
    func duplicatesAreRefused() {
        let other = TokenDigest(of: "other")
        #expect {
            try TokenFile(
                text:
                    "sha256:\(Self.acmeDigest.hex) name=a accounts=x roles=read\nsha256:\(other.hex) name=a accounts=y roles=read"
            )
        } throws: { ($0 as? TokenFileProblem)?.line == 2 }
        #expect {
            try TokenFile(
                text:
                    "sha256:\(Self.acmeDigest.hex) name=a accounts=x roles=read\nsha256:\(Self.acmeDigest.hex) name=b accounts=y roles=read"
            )
        } throws: { ($0 as? TokenFileProblem)?.reason.contains("earlier line") == true }
    }

    @Test("a file without a token is refused")
    func emptyFilesAreRefused() {
        #expect(throws: TokenFileProblem.self) { try TokenFile(text: "# nothing yet\n\n") }
    }

    @Test("a line written for a grant reads back as that grant")
    func linesRoundTrip() throws {
        let grant = Grant(name: "ops-2", accounts: .only(["b", "a"]), roles: [.read, .ingest])
        let line = TokenFile.line(digest: Self.acmeDigest, grant: grant)
        #expect(line == "sha256:\(Self.acmeDigest.hex) name=ops-2 accounts=a,b roles=ingest,read")
        #expect(try TokenFile(text: line).entries.first?.grant == grant)
    }
}
