import EventLog
import Foundation
public import SyncModel

/// When each account's oldest event without an outcome was appended to the events log: how far
/// behind, in time, the dispatcher is for that account (`status`'s lag in seconds).
public enum PendingAges {
    /// For each of `accounts` with pending events in `state`, the append time (microseconds since
    /// 1970) of its first event at or past its checkpoint. One scan from the earliest checkpoint,
    /// reading only each record's stored account, and stopping once every account is found.
    public static func oldest(
        in layout: DataLayout,
        state: ProjectionState,
        accounts: [String]
    ) throws -> [String: Int64] {
        var wanted: [[UInt8]: (name: String, from: UInt64)] = [:]
        for name in accounts {
            let account = state.account(name)
            guard account.pendingEvents > 0 else { continue }
            wanted[Array(name.utf8)] = (name, account.checkpoint?.nextOffset ?? 0)
        }
        guard let start = wanted.values.map(\.from).min(),
            let cursor = try LogCursor.ifPresent(directory: LogName.events.directory(in: layout), from: .offset(start))
        else { return [:] }
        var found: [String: Int64] = [:]
        while found.count < wanted.count, let record = try cursor.next() {
            let account = record.bytes.withUnsafeBytes { StoredEncoding.accountBytes($0).map(Array.init) }
            guard let account, let entry = wanted[account], found[entry.name] == nil, record.offset >= entry.from
            else { continue }
            found[entry.name] = record.timestamp
        }
        return found
    }
}
