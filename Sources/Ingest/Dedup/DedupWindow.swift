import DequeModule

/// The identities of the events appended within the last `window` of append time, so that an
/// event sent again (a retried request, a file appended twice) is not appended again.
///
/// Derived data: built from the events log when a writer opens it and kept up to date by that
/// writer's appends. Memory grows with the events in the window, about 83 bytes each (a
/// dictionary entry and a queue entry; `Tools/ingest-benchmark` measured it), never with the log.
struct DedupWindow {
    /// How long an identity is remembered, in microseconds of append time.
    let window: Int64
    /// Each identity in the window, with its latest append time.
    private var times: [EventKey: Int64] = [:]
    /// The identities in the order they were appended, for expiry.
    private var order: Deque<Entry> = []

    private struct Entry {
        var key: EventKey
        var time: Int64
    }

    init(window: Duration) {
        self.window = window.components.seconds * 1_000_000 + window.components.attoseconds / 1_000_000_000_000
    }

    /// Identities held.
    var count: Int { times.count }

    /// Whether an event with this identity was appended within the window.
    func contains(_ key: EventKey) -> Bool { times[key] != nil }

    /// Makes room for `more` identities at once, rather than growing step by step.
    mutating func reserve(_ more: Int) {
        times.reserveCapacity(times.count + more)
        order.reserveCapacity(order.count + more)
    }

    /// Remembers an identity appended at `time` (microseconds since 1970).
    mutating func insert(_ key: EventKey, at time: Int64) {
        times[key] = time
        order.append(Entry(key: key, time: time))
    }

    /// Forgets identities appended before `now - window`.
    mutating func expire(now: Int64) {
        let cutoff = now - window
        while let first = order.first, first.time < cutoff {
            order.removeFirst()
            // A later append of the same identity keeps it.
            if times[first.key] == first.time { times[first.key] = nil }
        }
    }
}
