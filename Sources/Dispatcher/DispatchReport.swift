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

    public init() {}

    /// Whether every selected account is caught up.
    public var caughtUp: Bool { paused.isEmpty && failed.isEmpty }
}
