public import SyncModel

/// The filters of `avosync log`. Every filter that is set must match.
public struct AuditQuery: Sendable, Equatable {
    public var account: String?
    /// Only records of these accounts (a token's reach); nil for every account.
    public var accounts: Set<String>?
    public var contact: String?
    /// Type names (`call.logged`, `sync.linked`); empty for all.
    public var types: Set<String> = []
    /// Only records whose time (`at`) is at or after this.
    public var since: EventTime?
    /// Only records whose time is before this.
    public var until: EventTime?
    /// The first events-log offset to show.
    public var fromOffset: UInt64 = 0
    /// Interleave the dispatcher's outcomes.
    public var includeSync = false

    public init() {}

    /// Whether `entry` passes every filter.
    public func matches(_ entry: AuditEntry) -> Bool {
        if let account, entry.account != account { return false }
        if let accounts {
            guard let account = entry.account, accounts.contains(account) else { return false }
        }
        if let contact, entry.contact != contact { return false }
        if !types.isEmpty, !types.contains(entry.typeName) { return false }
        if let since {
            guard let at = entry.at, at.unixMicroseconds >= since.unixMicroseconds else { return false }
        }
        if let until {
            guard let at = entry.at, at.unixMicroseconds < until.unixMicroseconds else { return false }
        }
        return true
    }

    /// Every type name a query may name.
    public static var knownTypes: [String] { EventType.allCases.map(\.rawValue) + OutcomeKind.allTypeNames }
}
