import Projection
import Reports
import SyncModel

/// The overview: every account's state, lag and backlog, and every org's API usage.
enum OverviewPage {
    /// How the accounts are ordered.
    enum Order: String, CaseIterable {
        /// Those needing attention first, each group by lag.
        case problems
        /// The longest lag first.
        case lag
        case account

        var label: String {
            switch self {
            case .problems: "problems first"
            case .lag: "longest lag first"
            case .account: "by name"
            }
        }
    }

    /// The page's values. `everyAccount`: the token reaches every account, so figures of the
    /// whole service (the logs' ends, orgs' whole usage) are its to see; otherwise the page shows
    /// only what its accounts make up.
    static func context(
        _ report: StatusReport,
        usage: [OrgUsage],
        dispatching: Bool,
        order: Order,
        everyAccount: Bool
    ) -> [String: Any] {
        let rows = sorted(report.accounts, by: order)
        var context: [String: Any] = [
            "accountCount": report.accounts.count,
            "attentionCount": report.accounts.filter(\.needsAttention).count,
            "everyAccount": everyAccount,
            "dispatching": dispatching,
            "orders": Order.allCases.enumerated().map { index, candidate in
                [
                    "key": candidate.rawValue, "label": candidate.label, "current": candidate == order,
                    "last": index == Order.allCases.count - 1,
                ] as [String: Any]
            },
            "accounts": rows.map(row),
            "orgs": usage.map { org in
                [
                    "name": org.org, "accounts": Int(org.accounts), "used": Int(org.used), "limit": Int(org.limit),
                    "percent": org.percent, "paused": org.paused,
                ] as [String: Any]
            },
        ]
        if everyAccount {
            context["eventsNextOffset"] = report.state.eventsNextOffset
            context["syncNextOffset"] = report.state.syncNextOffset
        }
        return context
    }

    static func sorted(_ accounts: [AccountStatus], by order: Order) -> [AccountStatus] {
        func lagFirst(_ left: AccountStatus, _ right: AccountStatus) -> Bool {
            let leftLag = left.lagSeconds ?? 0
            let rightLag = right.lagSeconds ?? 0
            if leftLag != rightLag { return leftLag > rightLag }
            if left.lagEvents != right.lagEvents { return left.lagEvents > right.lagEvents }
            return left.name < right.name
        }
        switch order {
        case .problems:
            return accounts.sorted { left, right in
                left.needsAttention != right.needsAttention ? left.needsAttention : lagFirst(left, right)
            }
        case .lag: return accounts.sorted(by: lagFirst)
        case .account: return accounts.sorted { $0.name < $1.name }
        }
    }

    private static func row(_ status: AccountStatus) -> [String: Any] {
        var row: [String: Any] = [
            "name": status.name,
            "path": urlComponent(status.name),
            "state": status.lane.name,
            "lagEvents": status.lagEvents,
            "lagSeconds": status.lagSecondsJSON.jsonText,
            "pending": status.account.pendingEvents,
            "parked": status.account.parked.count,
            "deadLetters": status.account.deadLetters.count,
        ]
        row["org"] = status.org
        let letters = status.account.deadLetters.count
        row["deadLetterNote"] = letters == 0 ? nil : "\(letters) dead letter" + (letters == 1 ? "" : "s")
        row["stateDetail"] = status.lane.text == status.lane.name ? nil : status.lane.text
        return row
    }
}
