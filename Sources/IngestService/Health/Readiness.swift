import Synchronization

/// What `/readyz` answers: whether the events log can be written and how far behind the
/// dispatcher is, as the dispatcher last reported it.
public final class Readiness: Sendable {
    private struct State {
        /// nil until the dispatcher first reports (or forever, without a dispatcher).
        var lag: UInt64?
    }

    private let state = Mutex(State())
    /// Whether a dispatcher runs in this process; without one, ready means the log is open.
    public let dispatching: Bool

    public init(dispatching: Bool) { self.dispatching = dispatching }

    /// The dispatcher's slowest lane is at `position` of a log that ends at `end`.
    public func dispatcherReached(_ position: UInt64, of end: UInt64) {
        state.withLock { $0.lag = end - min(position, end) }
    }

    /// The answer: ready or not, why, and the lag in events.
    public func status(logFailure: String?) -> (ready: Bool, status: String, lagEvents: UInt64?) {
        let lag = state.withLock { $0.lag }
        if logFailure != nil { return (false, "log_failed", lag) }
        guard dispatching else { return (true, "ready", nil) }
        guard let lag else { return (false, "starting", nil) }
        return lag == 0 ? (true, "ready", 0) : (false, "catching_up", lag)
    }
}
