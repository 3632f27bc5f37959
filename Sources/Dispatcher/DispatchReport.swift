/// What a run of the dispatcher did.
public struct DispatchReport: Sendable, Equatable {
    /// Events answered (outcomes recorded, checkpoints moved).
    public var dispatched: UInt64 = 0
    /// Outcomes appended to the sync log.
    public var outcomes: UInt64 = 0
    /// Requests sent to Salesforce, retries and sign-ins included.
    public var apiRequests = 0
    /// Transient failures retried.
    public var retries = 0
    /// Accounts paused because their org's API allowance ran out (or its reserve was reached), with why.
    public var paused: [String: String] = [:]
    /// Accounts that could not be dispatched this time, with why; their events wait.
    public var failed: [String: String] = [:]
    /// Changes made in Salesforce brought back into the events log (two-way sync).
    public var broughtBack = 0

    public init() {}

    /// This run's figures followed by `later`'s (a second pass over what capture brought back).
    func adding(_ later: DispatchReport) -> DispatchReport {
        var sum = later
        sum.dispatched += dispatched
        sum.outcomes += outcomes
        sum.apiRequests += apiRequests
        sum.retries += retries
        sum.broughtBack += broughtBack
        sum.paused.merge(paused) { later, _ in later }
        sum.failed.merge(failed) { later, _ in later }
        return sum
    }

    /// Whether every selected account is caught up.
    public var caughtUp: Bool { paused.isEmpty && failed.isEmpty }
}
