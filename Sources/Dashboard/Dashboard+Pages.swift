import Access
import Foundation
import Hummingbird
import Projection
import Reports

extension Dashboard {
    func overview(_ request: Request, _ grant: Grant, _ frame: PageFrame) async throws -> Response {
        let order = request.uri.queryParameters.get("sort").flatMap(OverviewPage.Order.init) ?? .problems
        let report = try await live.read { state in
            let names = state.accounts.keys.filter(grant.accounts.covers).sorted()
            return try StatusReport(layout: live.layout, state: state, names: names)
        }
        let usage = history.map { OrgUsage.seen(by: grant.accounts, in: $0, accounts: report.accounts) } ?? []
        let context = OverviewPage.context(
            report,
            usage: usage,
            dispatching: dispatching,
            order: order,
            everyAccount: grant.accounts == .all
        )
        return html(renderer.render("overview", context, frame: frame))
    }

    func account(_ name: String, _ grant: Grant, _ frame: PageFrame) async throws -> Response {
        let (report, outcomes) = try await live.read { state in
            try Self.requireAccount(name, in: state, for: grant)
            let report = try StatusReport(layout: live.layout, state: state, names: [name])
            return (report, try AccountPage.outcomes(live.layout, account: name, state: state))
        }
        let context = AccountPage.context(report.accounts[0], in: report.state, outcomes: outcomes, history: history)
        return html(renderer.render("account", context, frame: frame))
    }

    func contact(_ id: String, of account: String, _ grant: Grant, _ frame: PageFrame) async throws -> Response {
        let (view, history) = try await live.read { state in
            let accountState = try Self.requireAccount(account, in: state, for: grant)
            guard let view = try ContactView.read(live.layout, account: account, state: accountState, only: id).first
            else { throw PageProblem.notFound("Account \(account) has no contact \(id).") }
            return (view, try ContactPage.history(live.layout, account: account, contact: id))
        }
        let context = ContactPage.context(account: account, view: view, history: history)
        return html(renderer.render("contact", context, frame: frame))
    }

    func log(_ request: Request, _ grant: Grant, _ frame: PageFrame) async throws -> Response {
        let parameters = request.uri.queryParameters
        var filters = LogPage.Filters()
        filters.account = parameters.get("account").map { String($0) } ?? ""
        filters.contact = parameters.get("contact").map { String($0) } ?? ""
        filters.types = parameters.getAll("type").map { String($0) }.filter { !$0.isEmpty }
        filters.since = parameters.get("since").map { String($0) } ?? ""
        filters.until = parameters.get("until").map { String($0) } ?? ""
        filters.from = parameters.get("from").map { String($0) } ?? ""
        filters.sync = parameters.get("sync") == "on"
        filters.page = parameters.get("page").flatMap { Int($0) }.map { max(1, $0) } ?? 1
        var query: AuditQuery
        do {
            query = try filters.auditQuery()
        } catch {
            let context = LogPage.context(filters, entries: [], more: false, problem: error.message)
            return html(renderer.render("log", context, frame: frame), status: .badRequest)
        }
        query.accounts = grant.accounts.accounts.map(Set.init)
        let page = filters.page
        let (entries, more) = try await live.read { [query] state in
            if let account = query.account { try Self.requireAccount(account, in: state, for: grant) }
            return try LogPage.entries(live.layout, query, page: page)
        }
        return html(
            renderer.render("log", LogPage.context(filters, entries: entries, more: more, problem: nil), frame: frame)
        )
    }

    /// The state of account `name`, when it has events and `grant` reaches it; otherwise the same
    /// 404 either way, so that a page tells nothing of accounts beyond the token's.
    @discardableResult
    static func requireAccount(_ name: String, in state: ProjectionState, for grant: Grant) throws -> AccountState {
        guard grant.accounts.covers(name), let account = state.accounts[name] else {
            throw PageProblem.notFound("No account \(name) has events.")
        }
        return account
    }
}

/// Why a page cannot be shown, as the page says it.
enum PageProblem: Error {
    case notFound(String)
}
