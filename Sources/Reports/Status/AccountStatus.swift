public import Projection
public import SyncModel

/// One account's line of `status`: where its sync stands. `status --json`, `status` and the
/// dashboard's overview all show these values.
public struct AccountStatus: Sendable {
    public let name: String
    public let account: AccountState
    /// running, paused, failing, blocked or disconnected, and the sentence that explains it.
    public let lane: LaneStatus
    /// Events appended after the account's checkpoint (offsets, all accounts counted).
    public let lagOffsets: UInt64
    /// The account's events waiting for the dispatcher (0 when not connected).
    public let lagEvents: UInt64
    /// How long ago the oldest of those was appended; nil when none waits.
    public let lagSeconds: Double?

    public init(name: String, account: AccountState, state: ProjectionState, lagSeconds: Double?, now: EventTime) {
        self.name = name
        self.account = account
        lane = LaneStatus(account, now: now)
        lagOffsets = state.eventsNextOffset - min(state.eventsNextOffset, account.checkpoint?.nextOffset ?? 0)
        lagEvents = account.connection == nil ? 0 : account.pendingEvents
        self.lagSeconds = lagSeconds
    }

    /// The org the account syncs with as the dispatcher names it: its id, or "instance" and its
    /// instance URL before the id is known.
    public var org: String? {
        account.connection.map { connection in
            connection.orgID.flatMap { $0.isEmpty ? nil : $0 } ?? "instance " + connection.instanceURL
        }
    }

    /// Whether something needs an operator's eye: not running, or dead letters waiting.
    public var needsAttention: Bool { lane.name != "running" || !account.deadLetters.isEmpty }

    /// The lag in seconds as `status --json` prints it: to the millisecond, 0 when none waits.
    public var lagSecondsJSON: JSONValue {
        lagSeconds.map { .number(($0 * 1000).rounded() / 1000) } ?? .integer(0)
    }

    /// The account as an object of `status --json`.
    public var json: JSONValue {
        .object([
            JSONMember("account", .string(name)),
            JSONMember("connection", AccountReports.connectionJSON(account)),
            JSONMember("settings", AccountReports.settingsJSON(account)),
            JSONMember("custom_fields", AccountReports.customFieldsJSON(account)),
            JSONMember("events", .integer(Int64(account.events))),
            JSONMember("activities", .integer(Int64(account.activities))),
            JSONMember("contacts", .integer(Int64(account.contacts.count))),
            JSONMember("links", .integer(Int64(account.linkCount))),
            JSONMember("pending_events", .integer(Int64(account.pendingEvents))),
            JSONMember("parked_events", .integer(Int64(account.parked.count))),
            JSONMember("dead_letters", .integer(Int64(account.deadLetters.count))),
            JSONMember("checkpoint", account.checkpoint.map { .integer(Int64($0.nextOffset)) } ?? .null),
            JSONMember("lag_offsets", .integer(Int64(lagOffsets))),
            JSONMember("state", .string(lane.name)),
            JSONMember("lag_events", .integer(Int64(lagEvents))),
            JSONMember("lag_seconds", lagSecondsJSON),
            JSONMember("blocked", .optional(account.blockedReason)),
            JSONMember("paused", .optional(account.pausedReason)),
            JSONMember("paused_until", .optional(account.pausedUntil?.description)),
            JSONMember("failing", .optional(account.failure?.reason)),
            JSONMember("failing_since", .optional(account.failure?.since.description)),
            JSONMember("retry_at", .optional(account.failure?.retryAt?.description)),
            JSONMember("last_error", .optional(account.lastError)),
        ])
    }
}
