import Foundation
public import SalesforceClient
public import SyncModel

/// How the dispatcher works.
public struct DispatchOptions: Sendable {
    /// The most events read into one batch.
    public var batchSize = 5000
    /// Only these accounts (all connected accounts when nil).
    public var accounts: Set<String>?
    /// Retries of single calls.
    public var retry = RetryPolicy()
    /// Attempts of one account's batch, each from scratch, before the account waits for the next pass.
    public var batchAttempts = 8
    /// How long an account whose API allowance ran out waits before trying again (follow mode).
    public var pauseDuration: Duration = .seconds(300)
    /// The share of the org's daily API allowance left to its other integrations: an account
    /// pauses when fewer calls than this remain (`Sforce-Limit-Info`), before Salesforce refuses.
    public var apiReservePercent = 2.0
    /// How long an account whose org could not be reached waits before trying again (follow mode).
    public var failureRetryDelay: Duration = .seconds(30)
    /// How often parked contacts are looked up again while following.
    public var recheckInterval: Duration = .seconds(60)
    /// Told after every batch where the dispatcher reads in the events log and where the log ends
    /// (for progress bars).
    public var progress: (@Sendable (_ position: UInt64, _ end: UInt64) -> Void)?
    /// The time outcomes are stamped with.
    public var clock: @Sendable () -> EventTime = { EventTime.now }

    public init() {}
}

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
    /// Accounts paused because their org's API allowance ran out, with why.
    public var paused: [String: String] = [:]
    /// Accounts that could not be dispatched this time, with why; their events wait.
    public var failed: [String: String] = [:]

    public init() {}

    /// Whether every selected account is caught up.
    public var caughtUp: Bool { paused.isEmpty && failed.isEmpty }
}

extension EventTime {
    /// The current time, in UTC.
    public static var now: EventTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return EventTime(seconds: Int64(spec.tv_sec), nanoseconds: UInt32(spec.tv_nsec))
    }
}
