import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// The overview and `status --json` are the same report: for the same data, every account's
/// org, state, lag and backlog agree.
@Suite("Dashboard: the overview is status")
struct OverviewStatusTests {
    @Test("every account's org, state, lag, pending, parked and dead letters on the overview equal status --json")
    func overviewEqualsStatus() async throws {
        try await DashboardFixture.with { fixture, client in
            let page = try await client.send("GET", "/ui/", bearer: DashboardFixture.token)
            #expect(page.status == 200)
            let rows = OverviewRows(html: page.text)
            let status = try await fixture.statusJSON()
            let accounts = try #require(status["accounts"]?.arrayValue)
            #expect(accounts.count == 16, "the demo's 15 accounts and the extra one")
            #expect(rows.accounts.sorted() == accounts.compactMap { $0["account"]?.stringValue }.sorted())
            for account in accounts {
                let name = try #require(account["account"]?.stringValue)
                let row = rows.fields(of: name)
                for field in ["state", "pending_events", "parked_events", "dead_letters", "lag_events"] {
                    let expected = account[field]?.stringValue ?? account[field].map { OverviewRows.number($0) }
                    #expect(row[field] == expected, "\(name) \(field)")
                }
                let orgID = account["connection"]?["org_id"]?.stringValue
                #expect(row["org"] == orgID, "\(name) org")
                // The lag in seconds moves with the clock between the two reads; nothing waits here.
                #expect(row["lag_seconds"] == OverviewRows.number(try #require(account["lag_seconds"])), "\(name)")
            }
            #expect(rows.fields(of: DashboardFixture.account)["dead_letters"] == "1")
            #expect(rows.accounts.first == DashboardFixture.account, "problems first: the account with a dead letter")
        }
    }
}

/// The accounts table of the overview, read from its HTML by the `data-` attributes it carries.
struct OverviewRows {
    /// Account names in the order the table shows them.
    let accounts: [String]
    private let cells: [String: [String: String]]

    init(html: String) {
        var accounts: [String] = []
        var cells: [String: [String: String]] = [:]
        for chunk in html.components(separatedBy: "<tr data-account=\"").dropFirst() {
            guard let nameEnd = chunk.firstIndex(of: "\"") else { continue }
            let name = String(chunk[..<nameEnd])
            accounts.append(name)
            let row = chunk.components(separatedBy: "</tr>")[0]
            for cell in row.components(separatedBy: "<td data-field=\"").dropFirst() {
                guard let fieldEnd = cell.firstIndex(of: "\""), let open = cell.firstIndex(of: ">") else { continue }
                let field = String(cell[..<fieldEnd])
                let content = cell[cell.index(after: open)...].components(separatedBy: "</td>")[0]
                cells[name, default: [:]][field] = Self.text(content)
            }
        }
        self.accounts = accounts
        self.cells = cells
    }

    func fields(of account: String) -> [String: String] { cells[account] ?? [:] }

    /// A JSON number as status prints it: integers without a fraction.
    static func number(_ json: JSON) -> String {
        guard let value = json.doubleValue else { return "" }
        return value == value.rounded() ? String(Int64(value)) : String(value)
    }

    /// The first text of a cell's HTML (the state's badge, not its explanation).
    private static func text(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
                if !text.isEmpty { break }
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
