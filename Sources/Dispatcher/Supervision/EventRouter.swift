import DequeModule
import SyncModel
import Synchronization

/// One event on its way to its account's lane.
struct RoutedEvent: Sendable {
    var offset: UInt64
    var event: Event
    /// When it was appended to the events log (microseconds since 1970).
    var appendedAt: Int64
}

/// Carries what the one reading of the events log finds to the lanes, in a bounded buffer per lane.
///
/// A lane whose buffer is full (it fell behind: a slow org, a long back-fill, a pause) is
/// *detached*: nothing more is routed to it, and it reads the events log for itself from where its
/// buffer ended until it has caught up with the reading, then *re-attaches*. So the reading never
/// waits for one slow lane, and memory stays bounded whatever the lanes do. When all buffers
/// together hold more than `budget` events, the reading waits for the lanes, unless a lane has
/// nothing to do: then the lanes holding the most are detached instead, so that an account
/// back-filling a million events cannot starve a quiet one's new events.
final class EventRouter: Sendable {
    /// What a lane finds when it asks for its next events.
    enum Next: Sendable {
        /// An account-wide event alone, or up to the asked number of contact events.
        case events([RoutedEvent])
        /// Nothing is routed to the lane from `from` on: it reads the log for itself.
        case detached(from: UInt64)
        /// Nothing buffered; every record below `through` has been routed. `atEnd`: the reading
        /// has reached the log's end at least once (before that, a lane is not caught up, only waiting).
        case idle(through: UInt64, atEnd: Bool)
        /// The reading ended (`sync --once`) at `through`, and the buffer is empty.
        case finished(through: UInt64)
        /// Fewer events than asked for while the reading is still behind the log's end: the lane
        /// waits for more (`waitForMore`) to fill its batch, as one reading of the log would.
        case filling(have: Int)
        /// The dispatcher is stopping.
        case stopped
    }

    private struct Lane {
        var events: Deque<RoutedEvent> = []
        /// Set while detached: the lane reads for itself from here.
        var detachedFrom: UInt64?
        /// Events below this reached the lane by its own reading.
        var skipBelow: UInt64
        var waiter: CheckedContinuation<Void, Never>?
        var wakeAt: ContinuousClock.Instant?
        /// False while the lane sleeps (a pause, a retry delay): new events do not wake it.
        var wantsEvents = true
        /// Set while the lane waits to fill its batch: the reading reaching the end wakes it.
        var filling = false

        var isStarving: Bool { waiter != nil && wantsEvents && events.isEmpty && detachedFrom == nil }

        /// Parks the lane's task until new events (when it `wantsEvents`), the reading reaching
        /// the log's end (when `filling`), or `wakeAt`.
        mutating func park(
            _ continuation: CheckedContinuation<Void, Never>,
            wakeAt: ContinuousClock.Instant?,
            wantsEvents: Bool,
            filling: Bool
        ) {
            waiter = continuation
            self.wakeAt = wakeAt
            self.wantsEvents = wantsEvents
            self.filling = filling
        }
    }

    private struct State {
        /// Every record below this has been routed.
        var routedThrough: UInt64
        var lanes: [String: Lane] = [:]
        var buffered = 0
        var finished = false
        var stopped = false
        /// The reading has been at the log's end at least once.
        var reachedEnd = false
        /// The reading found records the last time it looked: more may follow at once.
        var behind = true
        /// The reading, waiting for room.
        var reader: CheckedContinuation<Void, Never>?

        /// The reading is at the log's end: takes the waiters of lanes filling their batches (and,
        /// the first time, of every lane), to be resumed.
        mutating func wakeAtEnd() -> [CheckedContinuation<Void, Never>] {
            guard behind || !reachedEnd else { return [] }
            let first = !reachedEnd
            reachedEnd = true
            behind = false
            return takeWaiters { first || $0.filling }
        }

        /// Takes the waiters of the lanes that `include` picks, to be resumed.
        mutating func takeWaiters(where include: (Lane) -> Bool) -> [CheckedContinuation<Void, Never>] {
            var wake: [CheckedContinuation<Void, Never>] = []
            for index in lanes.indices where include(lanes.values[index]) {
                if let waiter = lanes.values[index].waiter { wake.append(waiter) }
                lanes.values[index].waiter = nil
            }
            return wake
        }
    }

    /// The most events buffered for one lane.
    let laneLimit: Int
    /// The most events buffered for all lanes together before the reading waits or sheds.
    let budget: Int
    private let state: Mutex<State>

    init(start: UInt64, laneLimit: Int, budget: Int) {
        self.laneLimit = max(1, laneLimit)
        self.budget = max(self.laneLimit, budget)
        state = Mutex(State(routedThrough: start))
    }

    /// Every record below this has been routed.
    var routedThrough: UInt64 { state.withLock { $0.routedThrough } }

    /// Events waiting in buffers, lanes reading for themselves, and lanes waiting for events.
    var load: (buffered: Int, detached: Int, waiting: Int) {
        state.withLock { state in
            (
                state.buffered, state.lanes.values.count { $0.detachedFrom != nil },
                state.lanes.values.count { $0.waiter != nil && $0.wantsEvents }
            )
        }
    }

    /// Starts routing to `account`: from the reading's position, or, when `readsFrom` is given,
    /// only after the lane has read for itself from there and re-attached.
    func add(_ account: String, readsFrom: UInt64? = nil) {
        state.withLock { state in
            state.lanes[account] = Lane(detachedFrom: readsFrom, skipBelow: state.routedThrough)
        }
    }

    /// Hands a slice of the log to the lanes: `events` by account, in offset order, and every
    /// record below `end` read; `atEnd`: nothing follows it in the log yet (see `atEnd()`).
    func route(_ events: [(account: String, event: RoutedEvent)], through end: UInt64, atEnd: Bool = false) {
        var wake: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            if atEnd { wake += state.wakeAtEnd() }
            // Lanes are read and changed in place: a copy of one held across an append would make
            // the append copy the lane's whole buffer.
            for (account, routed) in events {
                guard let index = state.lanes.index(forKey: account),
                    state.lanes.values[index].detachedFrom == nil, routed.offset >= state.lanes.values[index].skipBelow
                else { continue }
                if state.lanes.values[index].events.count >= laneLimit {
                    state.lanes.values[index].detachedFrom = routed.offset
                    continue
                }
                state.lanes.values[index].events.append(routed)
                state.buffered += 1
                if state.lanes.values[index].wantsEvents, let waiter = state.lanes.values[index].waiter {
                    wake.append(waiter)
                    state.lanes.values[index].waiter = nil
                }
            }
            state.routedThrough = max(state.routedThrough, end)
            if !atEnd { state.behind = true }
            if state.buffered > budget, state.lanes.values.contains(where: \.isStarving) {
                wake += shed(&state)
            }
        }
        for waiter in wake { waiter.resume() }
    }

    /// Returns once the buffers have room for more (or a lane has nothing to do, and the fullest
    /// lanes were detached to make room), or the dispatcher stops.
    func waitForRoom() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            var wake: [CheckedContinuation<Void, Never>] = [continuation]
            state.withLock { state in
                if state.buffered <= budget || state.stopped { return }
                if state.lanes.values.contains(where: \.isStarving) {
                    wake += shed(&state)
                    return
                }
                state.reader = continuation
                wake = []
            }
            for waiter in wake { waiter.resume() }
        }
    }

    /// The lane's next events: an event answered alone (account-wide, or a link's merge or
    /// deletion), or up to `limit` contact events before the next such one.
    func next(_ account: String, limit: Int) -> Next {
        var reader: CheckedContinuation<Void, Never>?
        let next = state.withLock { state -> Next in
            guard !state.stopped, let index = state.lanes.index(forKey: account) else { return .stopped }
            guard let first = state.lanes.values[index].events.first else {
                if let from = state.lanes.values[index].detachedFrom { return .detached(from: from) }
                return state.finished
                    ? .finished(through: state.routedThrough)
                    : .idle(through: state.routedThrough, atEnd: state.reachedEnd)
            }
            let buffered = state.lanes.values[index].events.count
            var count = 1
            if !first.event.type.answeredAlone {
                count =
                    state.lanes.values[index].events.prefix(limit).firstIndex { $0.event.type.answeredAlone }
                    ?? min(limit, buffered)
                // While the reading is behind, more of the batch is on its way: fewer calls.
                if count == buffered, count < limit, state.behind, !state.finished,
                    state.lanes.values[index].detachedFrom == nil, state.buffered <= budget
                {
                    return .filling(have: count)
                }
            }
            let taken = Array(state.lanes.values[index].events.prefix(count))
            state.lanes.values[index].events.removeFirst(count)
            state.buffered -= taken.count
            if state.buffered <= budget {
                reader = state.reader
                state.reader = nil
            }
            return .events(taken)
        }
        reader?.resume()
        return next
    }

    /// Waits until the lane has events, is detached, the reading finished or the dispatcher
    /// stops; or until `deadline` (checked at each `tick()`).
    func wait(_ account: String, until deadline: ContinuousClock.Instant? = nil) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            var wake: [CheckedContinuation<Void, Never>] = [continuation]
            state.withLock { state in
                guard let index = state.lanes.index(forKey: account), !state.stopped, !state.finished else { return }
                let lane = state.lanes.values[index]
                guard lane.events.isEmpty, lane.detachedFrom == nil, deadline.map({ $0 > .now }) ?? true else {
                    return
                }
                state.lanes.values[index].park(continuation, wakeAt: deadline, wantsEvents: true, filling: false)
                wake = []
                // A lane with nothing to do: the reading may go on, shedding the fullest lanes.
                if state.buffered > budget, let reader = state.reader {
                    state.reader = nil
                    wake = [reader]
                }
            }
            for waiter in wake { waiter.resume() }
        }
    }

    /// Sleeps until `deadline` (checked at each `tick()`) or until the dispatcher stops; events
    /// arriving meanwhile wait in the buffer.
    func sleep(_ account: String, until deadline: ContinuousClock.Instant) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard let index = state.lanes.index(forKey: account), !state.stopped, deadline > .now else {
                    return true
                }
                state.lanes.values[index].park(continuation, wakeAt: deadline, wantsEvents: false, filling: false)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Whether the dispatcher is stopping.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Stops routing to `account` from `offset` on and drops what its buffer holds: the lane
    /// reads for itself from there (after rebuilding its state, for instance).
    func detach(_ account: String, from offset: UInt64) {
        state.withLock { state in
            guard let index = state.lanes.index(forKey: account) else { return }
            state.buffered -= state.lanes.values[index].events.count
            state.lanes.values[index].events.removeAll()
            state.lanes.values[index].detachedFrom = offset
        }
    }

    /// A detached lane that has read for itself up to `position` asks to be routed to again;
    /// true when the reading has not passed `position` (else the lane reads on first).
    func reattach(_ account: String, at position: UInt64) -> Bool {
        state.withLock { state in
            guard let index = state.lanes.index(forKey: account), position >= state.routedThrough else { return false }
            state.lanes.values[index].detachedFrom = nil
            state.lanes.values[index].skipBelow = position
            return true
        }
    }

    /// The reading is at the log's end: lanes filling their batches take what they have (and,
    /// the first time, idle lanes are caught up).
    func atEnd() {
        let wake = state.withLock { $0.wakeAtEnd() }
        for waiter in wake { waiter.resume() }
    }

    /// Waits until the lane's buffer holds more than `have` events, the reading reaches the end,
    /// the lane is detached or the dispatcher stops.
    func waitForMore(_ account: String, have: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard let index = state.lanes.index(forKey: account), !state.stopped, !state.finished, state.behind
                else {
                    return true
                }
                let lane = state.lanes.values[index]
                guard lane.events.count <= have, lane.detachedFrom == nil, state.buffered <= budget else { return true }
                state.lanes.values[index].park(continuation, wakeAt: nil, wantsEvents: true, filling: true)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// The reading ended (`sync --once`): lanes finish once their buffers are empty.
    func finish() { wakeAll { $0.finished = true } }

    /// The dispatcher is stopping: every lane stops after its batch in flight.
    func stop() { wakeAll { $0.stopped = true } }

    /// Wakes the lanes whose waiting deadline has passed.
    func tick() {
        let now = ContinuousClock.now
        let wake = state.withLock { state in state.takeWaiters { $0.wakeAt.map { $0 <= now } ?? false } }
        for waiter in wake { waiter.resume() }
    }

    private func wakeAll(_ change: (inout State) -> Void) {
        var wake: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            change(&state)
            wake = state.takeWaiters { _ in true }
            if let reader = state.reader { wake.append(reader) }
            state.reader = nil
        }
        for waiter in wake { waiter.resume() }
    }

    /// Detaches the lanes holding the most until the buffers are half empty; returns the
    /// waiters to wake (the detached lanes, which now read for themselves).
    private func shed(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        var wake: [CheckedContinuation<Void, Never>] = []
        while state.buffered > budget / 2 {
            guard
                let index = state.lanes.indices.max(by: {
                    state.lanes.values[$0].events.count < state.lanes.values[$1].events.count
                }),
                let first = state.lanes.values[index].events.first
            else { break }
            state.buffered -= state.lanes.values[index].events.count
            state.lanes.values[index].events.removeAll()
            state.lanes.values[index].detachedFrom = first.offset
            if let waiter = state.lanes.values[index].waiter { wake.append(waiter) }
            state.lanes.values[index].waiter = nil
        }
        return wake
    }
}
