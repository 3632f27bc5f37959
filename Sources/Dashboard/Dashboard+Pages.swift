import Foundation
import Hummingbird
import Projection
import Reports

extension Dashboard {
    func overview(_ request: Request, _ frame: PageFrame) async throws -> Response {
        let order = request.uri.queryParameters.get("sort").flatMap(OverviewPage.Order.init) ?? .problems
        let report = try await live.read { state in try StatusReport(layout: live.layout, state: state) }
        let usage = history.map(OrgUsage.all) ?? []
        return html(
            renderer.render(
                "overview",
                OverviewPage.context(report, usage: usage, dispatching: dispatching, order: order),
                frame: frame
            )
        )
    }

    func account(_ name: String, _ frame: PageFrame) async throws -> Response {
        let (report, outcomes) = try await live.read { state in
            guard state.accounts[name] != nil else { throw PageProblem.notFound("No account \(name) has events.") }
            let report = try StatusReport(layout: live.layout, state: state, names: [name])
            return (report, try AccountPage.outcomes(live.layout, account: name, state: state))
        }
        let context = AccountPage.context(report.accounts[0], in: report.state, outcomes: outcomes, history: history)
        return html(renderer.render("account", context, frame: frame))
    }

    func contact(_ id: String, of account: String, _ frame: PageFrame) async throws -> Response {
        let (view, history) = try await live.read { state in
            guard let accountState = state.accounts[account] else {
                throw PageProblem.notFound("No account \(account) has events.")
            }
            guard let view = try ContactView.read(live.layout, account: account, state: accountState, only: id).first
            else { throw PageProblem.notFound("Account \(account) has no contact \(id).") }
            return (view, try ContactPage.history(live.layout, account: account, contact: id))
        }
        let context = ContactPage.context(account: account, view: view, history: history)
        return html(renderer.render("contact", context, frame: frame))
    }

    func log(_ request: Request, _ frame: PageFrame) async throws -> Response {
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
        let query: AuditQuery
        do {
            query = try filters.auditQuery()
        } catch {
            let context = LogPage.context(filters, entries: [], more: false, problem: error.message)
            return html(renderer.render("log", context, frame: frame), status: .badRequest)
        }
        let page = filters.page
        let (entries, more) = try await live.read { _ in try LogPage.entries(live.layout, query, page: page) }
        return html(
            renderer.render("log", LogPage.context(filters, entries: entries, more: more, problem: nil), frame: frame)
        )
    }
}

/// Why a page cannot be shown, as the page says it.
enum PageProblem: Error {
    case notFound(String)
}
