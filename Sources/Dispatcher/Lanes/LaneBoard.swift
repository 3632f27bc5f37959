import Synchronization

/// What the lanes of one run tell the rest: the run's report as it grows, and where each lane is,
/// for the lag figures and the progress bar. Each lane writes only its own entries.
final class LaneBoard: Sendable {
    private struct Lane {
        /// The first offset whose events the lane has not answered.
        var position: UInt64
        /// When the oldest of them was appended (microseconds since 1970); nil when none is in hand.
        var waitingSince: Int64?
    }

    private struct State {
        var report = DispatchReport()
        /// The running lanes.
        var lanes: [String: Lane] = [:]
        /// What stopped the run, if a lane failed for good (the sync log could not be written).
        var failure: (any Error)?
    }

    private let state = Mutex(State())

    /// A lane started.
    func started(_ account: String, at position: UInt64) {
        state.withLock { $0.lanes[account] = Lane(position: position) }
    }

    /// A lane ended: its figures no longer hold the others back.
    func ended(_ account: String) {
        state.withLock { $0.lanes[account] = nil }
    }

    /// Lanes still running.
    var running: Int { state.withLock { $0.lanes.count } }

    /// Where the lane is.
    func update(_ account: String, position: UInt64, waitingSince: Int64?) {
        state.withLock { state in
            guard state.lanes[account] != nil else { return }
            state.lanes[account] = Lane(position: position, waitingSince: waitingSince)
        }
    }

    /// The slowest lane's position and the oldest event in hand, if any lane runs.
    var slowest: (position: UInt64, waitingSince: Int64?)? {
        state.withLock { state in
            guard let position = state.lanes.values.map(\.position).min() else { return nil }
            return (position, state.lanes.values.compactMap(\.waitingSince).min())
        }
    }

    /// Events answered and outcomes recorded.
    func answered(_ events: UInt64, outcomes: Int) {
        state.withLock { state in
            state.report.dispatched += events
            state.report.outcomes += UInt64(outcomes)
        }
    }

    /// The account stopped for this run because its org is paused.
    func paused(_ account: String, _ reason: String) {
        state.withLock { $0.report.paused[account] = reason }
    }

    /// The account's events could not reach its org this time.
    func failed(_ account: String, _ reason: String) {
        state.withLock { state in
            if state.report.paused[account] == nil { state.report.failed[account] = reason }
        }
    }

    /// Records what stopped the run.
    func stop(because error: any Error) {
        state.withLock { state in if state.failure == nil { state.failure = error } }
    }

    var failure: (any Error)? { state.withLock { $0.failure } }

    var report: DispatchReport { state.withLock { $0.report } }

    /// Change capture appended `count` events.
    func broughtBack(_ count: Int) { state.withLock { $0.report.broughtBack += count } }
}
