import EventLog
import Foundation
import Projection
import SyncModel

/// A lane's own reading of the events log, while the shared reading does not carry its events
/// (it fell behind, or it started after the others). Records of other accounts are passed over by
/// their stored account name, without decoding them.
final class LaneReader {
    let account: String
    private let accountBytes: [UInt8]
    private let cursor: LogCursor
    /// An account-wide event read while gathering contact events: it comes next, alone.
    private var heldBack: RoutedEvent?

    /// Reads the events log in `directory` from `offset`.
    init(directory: String, account: String, from offset: UInt64) throws {
        self.account = account
        accountBytes = Array(account.utf8)
        cursor = try LogCursor(directory: directory, from: .offset(offset))
    }

    /// The offset of the next record it would read.
    var nextOffset: UInt64 { heldBack?.offset ?? cursor.nextOffset }

    /// The account's next events: an account-wide event alone, or up to `limit` contact events
    /// before the next account-wide one; empty at the current end of the log.
    func read(limit: Int) throws -> [RoutedEvent] {
        if let held = heldBack {
            heldBack = nil
            return [held]
        }
        var events: [RoutedEvent] = []
        while events.count < limit, let record = try cursor.next() {
            guard record.bytes.withUnsafeBytes({ StoredEncoding.mayBelong($0, to: accountBytes) }) else { continue }
            let event: Event
            switch try DispatchState.decode(record, .events) {
            case .event(let decoded): event = decoded
            case .outcome: throw DispatchError("events log offset \(record.offset) holds an outcome")
            case .unknown: continue
            }
            // A record of another format version has no account we can compare: decoded above.
            guard event.account == account else { continue }
            let routed = RoutedEvent(offset: record.offset, event: event, appendedAt: record.timestamp)
            if event.type.answeredAlone {
                if events.isEmpty { return [routed] }
                heldBack = routed
                break
            }
            events.append(routed)
        }
        return events
    }
}
