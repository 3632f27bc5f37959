import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// A token's dashboard is its tenant's: every page a browser can reach from it shows only the
/// token's accounts, and another tenant's pages answer exactly as pages of no account.
@Suite("Dashboard: each token sees only its own accounts", .serialized)
struct DashboardTenancyTests {
    /// Two tenants of the demo's data: the florist (with the fixture's live account, whose events
    /// the service dispatched) and the dentist. Every demo account is on the same org.
    static let florist = ["corner-florist", DashboardFixture.account]
    static let dentist = ["sunrise-dental", "twin-east"]
    static let scoped: [(name: String, accounts: String, roles: String)] = [
        ("florist-read", florist.joined(separator: ","), "read"),
        ("florist-ingest", florist.joined(separator: ","), "ingest"),
        ("dentist-read", dentist.joined(separator: ","), "read"),
    ]

    /// Every value of every contact of `accounts`, as `contacts --json` gives them.
    static func values(of accounts: [String], data: String) async throws -> Set<String> {
        var values: Set<String> = []
        for account in accounts {
            let run = try await ChildProcess.run(
                "avosync",
                ["contacts", "--data", data, "--account", account, "--json"]
            )
            for contact in JSON.parse(Data(run.output))?["contacts"]?.arrayValue ?? [] {
                for group in ["fields", "custom_fields"] {
                    for field in contact[group]?.objectValue?.values.map({ $0 }) ?? [] {
                        if let value = field["value"]?.stringValue { values.insert(value) }
                    }
                }
            }
        }
        return values
    }

    /// What a tenant of `accounts` must never see: the names of every other account, and every
    /// contact value of theirs that its own contacts do not also hold (values of four characters
    /// or more, so that a digit or a short word on a page is no false alarm).
    static func forbidden(for accounts: [String], data: String) async throws -> Set<String> {
        let status = try await ChildProcess.run("avosync", ["status", "--data", data, "--json"])
        let all = (JSON.parse(Data(status.output))?["accounts"]?.arrayValue ?? []).compactMap {
            $0["account"]?.stringValue
        }
        let others = all.filter { !accounts.contains($0) }
        #expect(others.count >= 10, "the demo's other accounts are there to be hidden")
        let own = try await values(of: accounts, data: data)
        let theirs = try await values(of: others, data: data).subtracting(own).filter { $0.count >= 4 }
        return Set(others).union(theirs)
    }

    /// The crawl of the dashboard by Chromium signed in with `token`.
    static func crawl(_ fixture: DashboardFixture, token: String, python: String) async throws -> [JSON] {
        let tokenFile = fixture.directory + "/crawl-token"
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let run = try await ChildProcess.run(
            python,
            [Fixtures.root.appendingPathComponent("Tests/PublicClients/dashboard_crawl.py").path],
            environment: [
                "SE_OFFLINE": "true", "DASHBOARD_URL": fixture.baseURL, "DASHBOARD_TOKEN_FILE": tokenFile,
                "MAX_PAGES": "120",
            ]
        )
        #expect(run.status == 0, "\(run.errors)")
        let report = try #require(JSON.parse(Data(run.output)), "\(run.errors)")
        #expect(report["left"]?.doubleValue == 0, "every page reachable by links was visited")
        return report["pages"]?.arrayValue ?? []
    }

    @Test(
        "Chromium, signed in with each tenant's token, follows every link and sees no name, contact or figure of another account"
    )
    func crawledPagesShowOnlyTheTokensAccounts() async throws {
        let python = try await Chromium.seleniumPython()
        try await DashboardFixture.with(scoped: Self.scoped) { fixture, _ in
            for (tenant, accounts) in [("florist-read", Self.florist), ("dentist-read", Self.dentist)] {
                let forbidden = try await Self.forbidden(for: accounts, data: fixture.data)
                let pages = try await Self.crawl(fixture, token: fixture.scopedTokens[tenant] ?? "", python: python)
                let urls = pages.compactMap { $0["url"]?.stringValue }
                #expect(pages.count >= 6, "\(tenant) reached the overview, its accounts, contacts and the log: \(urls)")
                for account in accounts {
                    #expect(urls.contains { $0.hasSuffix("/ui/accounts/\(account)") }, "\(tenant) reaches \(account)")
                }
                #expect(urls.contains { $0.contains("/contacts/") }, "\(tenant) reaches a contact page")
                for page in pages {
                    let url = page["url"]?.stringValue ?? ""
                    let shown = (page["text"]?.stringValue ?? "") + (page["dom"]?.stringValue ?? "")
                    for value in forbidden { #expect(!shown.contains(value), "\(tenant) sees \(value) on \(url)") }
                }
                let overview = pages.first { $0["url"]?.stringValue == fixture.baseURL + "/ui/" }
                let text = overview?["text"]?.stringValue ?? ""
                #expect(text.contains("\(accounts.count) accounts"), "the overview counts only the token's accounts")
                #expect(!text.contains("Events log next offset"), "nor the whole log's length")
            }
        }
    }

    @Test("another tenant's account, contact and filtered log answer 404, exactly as an account that does not exist")
    func otherTenantsPagesAreNotFound() async throws {
        try await DashboardFixture.with(scoped: Self.scoped) { fixture, client in
            let token = fixture.scopedTokens["florist-read"] ?? ""
            func page(_ path: String) async throws -> DashboardClient.Reply {
                try await client.send("GET", path, bearer: token)
            }
            /// The page's text without what differs between any two answers: the time and the request id.
            func comparable(_ reply: DashboardClient.Reply, naming name: String) -> String {
                reply.text.split(separator: "\n")
                    .filter { !$0.contains("Shown at") && !$0.contains("Request id") }
                    .joined(separator: "\n")
                    .replacingOccurrences(of: name, with: "NAME")
            }
            for (other, missing) in [("sunrise-dental", "no-such-account"), ("quiet-bakery", "nobody")] {
                for path in [
                    "/ui/accounts/%@", "/ui/accounts/%@/contacts/c-1", "/ui/log?account=%@",
                    "/ui/log?sync=on&account=%@",
                ] {
                    let hidden = try await page(path.replacingOccurrences(of: "%@", with: other))
                    let absent = try await page(path.replacingOccurrences(of: "%@", with: missing))
                    #expect(hidden.status == 404 && absent.status == 404, "\(path)")
                    #expect(comparable(hidden, naming: other) == comparable(absent, naming: missing), "\(path)")
                }
            }
            for own in Self.florist {
                #expect(try await page("/ui/accounts/\(own)").status == 200)
                #expect(try await page("/ui/log?account=\(own)").status == 200)
            }
            let log = try await page("/ui/log?sync=on")
            for account in Self.dentist + ["quiet-bakery"] { #expect(!log.text.contains(account), "\(account)") }

            let overview = try await page("/ui/")
            let orgRow = overview.text.components(separatedBy: "<tr data-org=\"00D5e0000000001EAA\">").dropFirst().first
            let cells = orgRow?.components(separatedBy: "</tr>").first ?? ""
            #expect(
                cells.contains("<td class=\"num\">2</td>"),
                "the shared org counts only the florist's 2 accounts: \(cells)"
            )
            #expect(overview.text.contains("Used by your accounts"))
        }
    }

    @Test("a token without the read role cannot sign in, and the form says why; as a bearer token it is refused 403")
    func readRoleIsNeeded() async throws {
        try await DashboardFixture.with(scoped: Self.scoped) { fixture, client in
            let ingestOnly = fixture.scopedTokens["florist-ingest"] ?? ""
            let refused = try await client.signIn(ingestOnly)
            #expect(refused.status == 403)
            #expect(refused.header("set-cookie") == nil)
            #expect(refused.text.contains("no read role"))
            #expect(try await client.send("GET", "/ui/", bearer: ingestOnly).status == 403)
            let reader = try await client.signIn(fixture.scopedTokens["florist-read"] ?? "")
            #expect(reader.status == 303 && reader.sessionCookie != nil)
        }
    }
}
