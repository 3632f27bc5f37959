import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// The dashboard in a real browser: Debian's headless Chromium signs in through the form, opens
/// every page of a running service and takes a screenshot of each (kept under
/// `.build/dashboard-screenshots/`); the checks read what the browser's DOM holds.
@Suite("Dashboard: in a real browser")
struct DashboardBrowserTests {
    static let pages = [
        ("overview", "/ui/"),
        ("account", "/ui/accounts/\(DashboardFixture.account)"),
        ("contact", "/ui/accounts/\(DashboardFixture.account)/contacts/bad"),
        ("log", "/ui/log?sync=on&account=\(DashboardFixture.account)"),
        ("demo-account", "/ui/accounts/quiet-bakery"),
    ]
    static let screenshots = Fixtures.root.appendingPathComponent(".build/dashboard-screenshots").path

    @Test("Chromium signs in with the form and every page shows its accounts, dead letter, charts and history")
    func everyPageInChromium() async throws {
        let python = try await Chromium.seleniumPython()
        try await DashboardFixture.with { fixture, _ in
            try (DashboardFixture.token + "\n").write(
                toFile: fixture.directory + "/browser-token",
                atomically: true,
                encoding: .utf8
            )
            let run = try await ChildProcess.run(
                python,
                [Fixtures.root.appendingPathComponent("Tests/PublicClients/dashboard_browser.py").path],
                environment: [
                    "SE_OFFLINE": "true", "DASHBOARD_URL": fixture.baseURL,
                    "DASHBOARD_TOKEN_FILE": fixture.directory + "/browser-token", "SCREENSHOTS": Self.screenshots,
                    "PAGES": pagesJSON(),
                ]
            )
            #expect(run.status == 0, "\(run.errors)")
            let report = try #require(JSON.parse(Data(run.output)), "\(run.errors)")
            #expect(report["before_sign_in"]?["title"]?.stringValue?.hasPrefix("Sign in") == true)
            #expect(report["after_sign_in"]?["url"]?.stringValue == fixture.baseURL + "/ui/")
            let cookie = try #require(report["cookies"]?.arrayValue?.first)
            #expect(cookie["name"]?.stringValue == "avosync_session")
            #expect(cookie["httpOnly"] == .bool(true))
            #expect(cookie["sameSite"]?.stringValue == "Strict")

            let pages = Dictionary(
                (report["pages"]?.arrayValue ?? []).compactMap { page in page["name"]?.stringValue.map { ($0, page) } },
                uniquingKeysWith: { first, _ in first }
            )
            #expect(pages.count == Self.pages.count)
            func text(_ name: String) -> String { pages[name]?["text"]?.stringValue ?? "" }
            func dom(_ name: String) -> String { pages[name]?["dom"]?.stringValue ?? "" }

            for account in ["quiet-bakery", "twin-east", "twin-west", DashboardFixture.account] {
                #expect(text("overview").contains(account), "the overview lists \(account)")
            }
            #expect(text("overview").contains("1 needing attention"))
            #expect(text("overview").contains("Salesforce API usage per org"))
            #expect(
                dom("overview").contains("<tr data-org=\"00D5e0000000001EAA\">"),
                "the API usage of the org the extra account's dispatcher used"
            )

            #expect(text("account").contains("STRING_TOO_LONG"), "the dead letter's code")
            #expect(text("account").contains("FavoriteFood__c"))
            for title in ["Lag: events waiting", "Events dispatched per minute", "Salesforce API calls per minute"] {
                #expect(text("account").contains(title), "the chart \(title)")
                #expect(dom("account").contains("<title id="), "charts carry a title for screen readers")
            }
            #expect(dom("account").contains("<polyline"), "a chart drew a line from the samples")
            #expect(text("account").contains("favorite_food"))

            #expect(text("contact").contains("Contact bad of \(DashboardFixture.account)"))
            #expect(text("contact").contains("text.logged"))
            #expect(text("contact").contains("sync.dead_lettered") || text("contact").contains("dead"))

            #expect(text("log").contains("custom_field.defined"))
            #expect(dom("log").contains("<td>token</td>"), "who appended each event: the fixture's bare token")
            #expect(text("demo-account").contains("Account quiet-bakery"))

            for (name, _) in Self.pages {
                #expect(pages[name]?["fits_phone"] == .bool(true), "\(name) fits a phone's width")
                #expect(FileManager.default.fileExists(atPath: Self.screenshots + "/\(name).png"), "\(name)")
                #expect(!dom(name).contains(DashboardFixture.token), "\(name) shows the token")
            }
        }
    }

    private func pagesJSON() -> String {
        "[" + Self.pages.map { #"["\#($0.0)","\#($0.1)"]"# }.joined(separator: ",") + "]"
    }
}
