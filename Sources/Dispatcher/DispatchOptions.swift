import Foundation
public import SalesforceClient
public import SyncModel

/// How the dispatcher works.
public struct DispatchOptions: Sendable {
    /// The most events of one account in one batch.
    public var batchSize = 5000
    /// Only these accounts (all connected accounts when nil).
    public var accounts: Set<String>?
    /// Accounts with Salesforce work in flight at once (`sync --concurrency`). Each account moves
    /// on its own lane; this bounds how many lanes talk to Salesforce at the same time.
    public var concurrency = DispatchOptions.defaultConcurrency
    /// Lanes of one org with work in flight at once; nil: a quarter of `concurrency` (at least
    /// one), so that a few slow or failing orgs cannot hold every slot.
    public var orgConcurrency: Int?
    /// Events read ahead of the lanes, at most: past it, the lanes furthest behind stop receiving
    /// and catch up by reading the events log themselves, so memory stays bounded.
    public var readAhead = 200_000
    /// Only the accounts this says yes to (cluster mode: those of the partitions this node owns).
    public var ownsAccount: (@Sendable (String) -> Bool)?
    /// Asked before every request to Salesforce; a request it throws for is not sent (cluster
    /// mode: the node's leases must still be valid, so a node that lost one writes nothing more).
    public var admitRequest: (@Sendable () throws -> Void)?
    /// How long a describe cached in the data directory is trusted.
    public var describeMaxAge: Duration = .seconds(24 * 3600)
    /// What accounts with the same credentials (same org, connected app and user) share.
    public var sharing = Sharing.sessionsAndCalls
    /// The longest requests of lanes that share a Salesforce session wait for each other, so that
    /// they go out as one call; only while several of them are working. They wait a tenth of the
    /// session's recent round trip, at most this.
    public var sharingWindow: Duration = .milliseconds(25)
    /// Retries of single calls.
    public var retry = RetryPolicy()
    /// Attempts of one account's batch, each from scratch, before the account waits.
    public var batchAttempts = 8
    /// How long an account whose API allowance ran out waits before trying again (follow mode).
    public var pauseDuration: Duration = .seconds(300)
    /// The share of the org's daily API allowance left to its other integrations: the org's
    /// accounts pause when fewer calls than this remain (`Sforce-Limit-Info`), before Salesforce refuses.
    public var apiReservePercent = 2.0
    /// How long an account whose org could not be reached waits before trying again (follow mode).
    public var failureRetryDelay: Duration = .seconds(30)
    /// How often parked contacts are looked up again while following.
    public var recheckInterval: Duration = .seconds(60)
    /// How often changes made in Salesforce are brought back while following (`--poll-interval`);
    /// a `sync --once` run looks once. nil: never (forward only).
    public var captureInterval: Duration? = .seconds(60)
    /// How far behind its cursor each poll reads again: SystemModstamp has whole seconds, and a
    /// transaction still in flight commits rows with stamps older than the newest already seen.
    public var captureOverlap: Duration = .seconds(120)
    /// Told after every batch where the slowest lane is in the events log and where the log
    /// ends (for progress bars).
    public var progress: (@Sendable (_ position: UInt64, _ end: UInt64) -> Void)?
    /// Appends the events change capture brings back and returns their offsets once durable; nil:
    /// open the events log's writer for each append (waiting for another writer to let go). A
    /// process that holds the writer itself (`avosync serve`) hands its own appender in here.
    public var appendEvents: (@Sendable ([Event]) throws -> Range<UInt64>)?
    /// The time outcomes are stamped with.
    public var clock: @Sendable () -> EventTime = { EventTime.now }

    /// Lanes in flight by default: enough for a thousand accounts to move at once. A lane holds
    /// its slot through its batch's two to four round trips; with fewer slots than busy accounts,
    /// accounts queue, and the accounts of one org no longer start together and share calls.
    /// docs/SYNC.md has the measurements behind the figure.
    public static let defaultConcurrency = 1024

    public init() {}

    /// What accounts with the same credentials share (the sync benchmark measures each).
    public enum Sharing: Sendable, CaseIterable {
        /// Nothing: a sign-in and a session per account, each account's calls its own.
        case none
        /// One sign-in and session for all of them; each account's calls its own.
        case sessions
        /// One session, and calls that arrive together go out together (composite requests,
        /// merged collections and searches).
        case sessionsAndCalls
    }

    /// The per-org limit in force.
    var lanesPerOrg: Int { max(1, min(concurrency, orgConcurrency ?? (concurrency + 3) / 4)) }
}

extension EventTime {
    /// This time plus `duration` (which may be negative).
    func adding(_ duration: Duration) -> EventTime {
        let parts = duration.components
        let nanoseconds = Int64(self.nanoseconds) + parts.attoseconds / 1_000_000_000
        let carry = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
        return EventTime(
            seconds: seconds + parts.seconds + carry,
            nanoseconds: UInt32(nanoseconds - carry * 1_000_000_000)
        )
    }
}
