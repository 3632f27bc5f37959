/// One org's API usage as the dispatcher in this process last saw it (`Sforce-Limit-Info`),
/// read from the same metrics `/metrics` serves.
struct OrgUsage {
    let org: String
    let used: Double
    let limit: Double
    let accounts: Double
    let paused: Bool

    /// How much of the allowance is used, in percent.
    var percent: Int { limit > 0 ? Int((100 * used / limit).rounded()) : 0 }

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
