import Access
import Reports

/// One org's API usage as the dispatcher in this process last saw it (`Sforce-Limit-Info`),
/// read from the same metrics `/metrics` serves.
struct OrgUsage {
    let org: String
    /// Requests used today: the org's own count, or, for a token that reaches only some accounts,
    /// the requests this process sent on behalf of those accounts.
    let used: Double
    let limit: Double
    let accounts: Double
    let paused: Bool

    /// How much of the allowance is used, in percent.
    var percent: Int { limit > 0 ? Int((100 * used / limit).rounded()) : 0 }

    /// The orgs a token sees: with every account, each org the dispatcher has heard from, whole;
    /// with some accounts, only the orgs of those `accounts`, each with those accounts' share, so
    /// that an org shared with other tenants shows nothing of theirs.
    static func seen(by scope: AccountScope, in history: MetricsHistory, accounts: [AccountStatus]) -> [OrgUsage] {
        guard case .only = scope else { return all(history) }
        let byOrg = Dictionary(grouping: accounts.filter { $0.org != nil }, by: { $0.org! })
        return byOrg.compactMap { org, members -> OrgUsage? in
            guard let limit = history.current("avosync_org_api_requests_limit", ("org", org)) else { return nil }
            return OrgUsage(
                org: org,
                used: members.reduce(0) {
                    $0 + (history.current("avosync_salesforce_requests_total", ("account", $1.name)) ?? 0)
                },
                limit: limit,
                accounts: Double(members.count),
                paused: (history.current("avosync_org_paused", ("org", org)) ?? 0) > 0
            )
        }
        .sorted { $0.org < $1.org }
    }

    /// Every org the dispatcher has heard from, by name.
    static func all(_ history: MetricsHistory) -> [OrgUsage] {
        let limits = history.current("avosync_org_api_requests_limit")
        return limits.compactMap { limit -> OrgUsage? in
            guard let org = limit.dimensions["org"] else { return nil }
            return OrgUsage(
                org: org,
                used: history.current("avosync_org_api_requests_used", ("org", org)) ?? 0,
                limit: limit.value,
                accounts: history.current("avosync_org_accounts", ("org", org)) ?? 0,
                paused: (history.current("avosync_org_paused", ("org", org)) ?? 0) > 0
            )
        }
        .sorted { $0.org < $1.org }
    }
}
