import CoreMetrics
import SalesforceClient
import Synchronization

/// On whose behalf the current task calls Salesforce: the lane's account, or every account whose
/// requests share one call.
enum RequestAttribution {
    @TaskLocal static var accounts: [String] = []
}

/// Counts the requests sent to each org and on behalf of each account, as the clients report
/// them: totals for the run's report, and Prometheus counters (`avosync_org_requests_total` and
/// `avosync_org_retries_total` per org; `avosync_salesforce_requests_total` and
/// `avosync_salesforce_retries_total` per account, where a call shared by several accounts counts
/// once for each of them).
final class RequestCounter: Sendable {
    private struct Figures {
        var requests: Counter
        var retries: Counter

        static func org(_ org: OrgKey) -> Figures {
            let dimensions = [("org", org.description)]
            return Figures(
                requests: Counter(label: "avosync_org_requests_total", dimensions: dimensions),
                retries: Counter(label: "avosync_org_retries_total", dimensions: dimensions)
            )
        }

        static func account(_ account: String) -> Figures {
            let dimensions = [("account", account)]
            return Figures(
                requests: Counter(label: "avosync_salesforce_requests_total", dimensions: dimensions),
                retries: Counter(label: "avosync_salesforce_retries_total", dimensions: dimensions)
            )
        }
    }

    private struct State {
        var requests = 0
        var retries = 0
        var orgs: [OrgKey: Figures] = [:]
        var accounts: [String: Figures] = [:]
    }

    private let state = Mutex(State())

    /// Requests sent in all (API calls and sign-ins, retries included), and retries among them.
    var totals: (requests: Int, retries: Int) { state.withLock { ($0.requests, $0.retries) } }

    /// What a client of `org` calls for each request it sends.
    func observer(for org: OrgKey) -> @Sendable (RequestNotice) -> Void {
        { notice in self.count(notice, org: org, accounts: RequestAttribution.accounts) }
    }

    private func count(_ notice: RequestNotice, org: OrgKey, accounts: [String]) {
        var counters: [Figures] = []
        state.withLock { state in
            state.requests += 1
            if notice.isRetry { state.retries += 1 }
            let orgFigures = state.orgs[org] ?? .org(org)
            state.orgs[org] = orgFigures
            counters.append(orgFigures)
            for account in accounts {
                let figures = state.accounts[account] ?? .account(account)
                state.accounts[account] = figures
                counters.append(figures)
            }
        }
        for figures in counters {
            figures.requests.increment()
            if notice.isRetry { figures.retries.increment() }
        }
    }

    /// Makes the account's counters exist (at zero) before its first request.
    func register(_ account: String) {
        state.withLock { state in
            guard state.accounts[account] == nil else { return }
            let figures = Figures.account(account)
            figures.requests.increment(by: 0)
            figures.retries.increment(by: 0)
            state.accounts[account] = figures
        }
    }
}
