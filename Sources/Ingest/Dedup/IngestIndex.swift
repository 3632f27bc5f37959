import EventLog
import SyncModel

/// What the writer of the events log must know of the log to validate and deduplicate what it
/// appends: the identities in the dedup window and each account's default country (phones are
/// normalised with it).
///
/// Rebuilt from the log whenever a writer opens it, never loaded from elsewhere, and caught up
/// with whatever other writers appended while the lock was theirs.
struct IngestIndex {
    private(set) var dedup: DedupWindow
    /// Default countries of the accounts that set one; others use the contract's default (US).
    private(set) var countries: [String: CountryCode]
    /// Records below this offset are indexed.
    private(set) var end: UInt64 = 0

    /// Indexes the log in `directory` through `end`: identities appended since `now - window`,
    /// and every default country, starting from `countries` (the projection's, which has folded
    /// the log before).
    init(directory: String, window: Duration, now: Int64, countries: [String: CountryCode], through end: UInt64) throws
    {
        dedup = DedupWindow(window: window)
        self.countries = countries
        guard end > 0, let cursor = try LogCursor.ifPresent(directory: directory, from: .time(now - dedup.window))
        else {
            self.end = end
            return
        }
        try read(cursor, through: end)
    }

    /// Indexes what other writers appended, from `end` through `newEnd`.
    mutating func catchUp(directory: String, through newEnd: UInt64) throws {
        guard newEnd > end, let cursor = try LogCursor.ifPresent(directory: directory, from: .offset(end)) else {
            return
        }
        try read(cursor, through: newEnd)
    }

    /// Notes the identities of events this writer appended at `time` (microseconds since 1970),
    /// and the default countries they set, the log now ending at `newEnd`.
    mutating func note(
        _ keys: [EventKey],
        countries changes: [(String, CountryCode)],
        at time: Int64,
        end newEnd: UInt64
    ) {
        if keys.count > 1000 { dedup.reserve(keys.count) }
        for key in keys { dedup.insert(key, at: time) }
        for (account, country) in changes { countries[account] = country }
        end = max(end, newEnd)
    }

    /// The default countries `events` set, in order.
    static func countryChanges(in events: [Event]) -> [(String, CountryCode)] {
        events.compactMap { event in
            guard case .settingsChanged(let change) = event.payload, let country = change.defaultCountry else {
                return nil
            }
            return (event.account, country)
        }
    }

    /// Records that the log ends at `newEnd` with everything before it indexed (the writer is
    /// let go; what others append from there is read back by `catchUp`).
    mutating func catchUp(end newEnd: UInt64) { end = max(end, newEnd) }

    /// Forgets identities that left the window.
    mutating func expire(now: Int64) { dedup.expire(now: now) }

    private mutating func read(_ cursor: LogCursor, through newEnd: UInt64) throws {
        while cursor.nextOffset < newEnd, let batch = try cursor.nextBatch() {
            let time = batch.timeRange.upperBound
            var changes: [(String, CountryCode)] = []
            batch.forEachRecord { (_, bytes) in
                let identity = StoredEncoding.eventIdentity(bytes)
                if let (account, id) = identity {
                    dedup.insert(EventKey(account: account, id: id), at: time)
                    guard StoredEncoding.eventType(bytes) == .settingsChanged else { return }
                }
                // Settings, and records of another format version, are decoded whole. A record that
                // does not decode is the projection's to report; ingest goes on without it.
                guard case .event(let event)? = try? StoredEncoding.decode(bytes) else { return }
                if identity == nil { dedup.insert(EventKey(account: event.account, id: event.id), at: time) }
                if case .settingsChanged(let change) = event.payload, let country = change.defaultCountry {
                    changes.append((event.account, country))
                }
            }
            for (account, country) in changes { countries[account] = country }
        }
        end = max(end, newEnd)
    }
}
