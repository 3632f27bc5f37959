public import Projection
public import SyncModel

/// Where the dispatcher stands with one account, from the outcomes it recorded: paused (until a
/// time), failing (since a time), blocked, or running; or not connected.
public struct LaneStatus: Sendable {
    /// running, paused, failing, blocked or disconnected.
    public let name: String
    /// A sentence that says why, and until when.
    public let text: String

    public init(_ account: AccountState, now: EventTime = EventTime.now) {
        if account.connection == nil {
            (name, text) = ("disconnected", "not connected: its events wait for avosync connect")
        } else if let reason = account.pausedReason {
            let until = account.pausedUntil.map { until in
                until > now ? " until \(until)" : " until \(until) (over: it resumes when sync runs)"
            }
            (name, text) = ("paused", "paused" + (until ?? "") + ": " + reason)
        } else if let failure = account.failure {
            let retry =
                failure.retryAt.flatMap { $0 > now ? "; trying again at \($0)" : nil } ?? "; tried again when sync runs"
            (name, text) = ("failing", "failing since \(failure.since): \(failure.reason)" + retry)
        } else if let reason = account.blockedReason {
            (name, text) = ("blocked", "blocked (new look-ups wait): " + reason)
        } else {
            (name, text) = ("running", "running")
        }
    }
}
