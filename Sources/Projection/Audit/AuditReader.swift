import EventLog
import SyncModel

/// Reads the audit view: the events log, and with `includeSync` the sync log, merged in the
/// order records were appended, filtered by an `AuditQuery`.
///
/// `next()` returns nil at the current end of both logs; called again later it returns what was
/// appended since, which is how `log --follow` tails.
public final class AuditReader {
    private let layout: DataLayout
    private let query: AuditQuery
    private var events: LogCursor?
    private var sync: LogCursor?
    private var pendingEvent: LogRecord?
    /// Who appended `pendingEvent`'s batch.
    private var pendingEventAppendedBy: String?
    private var pendingOutcome: LogRecord?
    private var syncStart: LogCursor.Start?
    /// The queried account's stored bytes, to pass over other accounts' records cheaply.
    private let accountBytes: [UInt8]?
    private var lookedForSync = false

    public init(layout: DataLayout, query: AuditQuery) throws {
        self.layout = layout
        self.query = query
        accountBytes = query.account.map { Array($0.utf8) }
        events = try LogCursor.ifPresent(directory: layout.events, from: .offset(query.fromOffset))
        if query.includeSync {
            // Outcomes from the time the first shown event was appended.
            if query.fromOffset > 0,
                let first = try LogCursor.ifPresent(directory: layout.events, from: .offset(query.fromOffset))?.next()
            {
                syncStart = .time(first.timestamp)
            } else {
                syncStart = .offset(0)
            }
        }
    }

    /// The next matching entry, or nil at the current end of the logs.
    public func next() throws -> AuditEntry? {
        while true {
            try refill()
            let record: LogRecord
            let log: LogName
            var appendedBy: String?
            if let event = pendingEvent, pendingOutcome.map({ event.timestamp <= $0.timestamp }) ?? true {
                (record, log, appendedBy) = (event, .events, pendingEventAppendedBy)
                pendingEvent = nil
            } else if let outcome = pendingOutcome {
                (record, log) = (outcome, .sync)
                pendingOutcome = nil
            } else {
                return nil
            }
            // Another account's record is skipped from its envelope, without decoding it.
            if let accountBytes,
                !record.bytes.withUnsafeBytes({ StoredEncoding.mayBelong($0, to: accountBytes) })
            {
                continue
            }
            let decoded: StoredRecord
            do {
                decoded = try StoredEncoding.decode(record.bytes)
            } catch {
                throw ProjectionError(
                    code: .undecodable,
                    message: error.description,
                    log: log.rawValue,
                    offset: record.offset
                )
            }
            let entry = AuditEntry(
                log: log,
                offset: record.offset,
                appendedAt: record.timestamp,
                record: decoded,
                appendedBy: appendedBy
            )
            if query.matches(entry) { return entry }
        }
    }

    private func refill() throws {
        if events == nil { events = try LogCursor.ifPresent(directory: layout.events, from: .offset(query.fromOffset)) }
        if pendingEvent == nil {
            pendingEvent = try events?.next()
            pendingEventAppendedBy = events?.appendedBy
        }
        guard let syncStart else { return }
        // A sync log that was not there at first is looked for again only once the events run
        // out (it appears when the dispatcher first writes), not before every event.
        if sync == nil, !lookedForSync || pendingEvent == nil {
            lookedForSync = true
            sync = try LogCursor.ifPresent(directory: layout.sync, from: syncStart)
        }
        if pendingOutcome == nil { pendingOutcome = try sync?.next() }
    }
}
