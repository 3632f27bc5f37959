public import Foundation
public import Projection
public import SyncModel

/// Where the sync stands for every account (or one): what `status` prints and the dashboard's
/// overview shows.
public struct StatusReport: Sendable {
    public let state: ProjectionState
    public let accounts: [AccountStatus]

    /// The report for `names` (every account in `state` by default), with each connected
    /// account's lag in seconds read from the events log of `layout`.
    public init(
        layout: DataLayout,
        state: ProjectionState,
        names: [String]? = nil,
        now: Date = Date()
    ) throws {
        let names = names ?? state.accounts.keys.sorted()
        let connected = names.filter { state.account($0).connection != nil }
        let waiting = try PendingAges.oldest(in: layout, state: state, accounts: connected)
        let micros = Int64(now.timeIntervalSince1970 * 1_000_000)
        // One clock for both: the lags and the states are as of `now`.
        let eventNow = EventTime(seconds: micros / 1_000_000, nanoseconds: UInt32(micros % 1_000_000) * 1_000)
        self.state = state
        accounts = names.map { name in
            AccountStatus(
                name: name,
                account: state.account(name),
                state: state,
                lagSeconds: waiting[name].map { Double(max(0, micros - $0)) / 1_000_000 },
                now: eventNow
            )
        }
    }

    /// `status --json`'s document.
    public func json(snapshot: String?) -> JSONValue {
        .object([
            JSONMember("events_next_offset", .integer(Int64(state.eventsNextOffset))),
            JSONMember("sync_next_offset", .integer(Int64(state.syncNextOffset))),
            JSONMember("unknown_records", .integer(Int64(state.unknownRecords))),
            JSONMember("snapshot", .optional(snapshot)),
            JSONMember("accounts", .array(accounts.map(\.json))),
        ])
    }
}
