import EventLog
import Foundation
public import Logging
public import Projection
import SalesforceClient
import SyncModel

/// Replays pending events into Salesforce, batch by batch, and records what it did.
///
/// For each batch: the events are folded into the dispatcher's state, each account's share is
/// planned and written to its org (`AccountBatch`), then every outcome and each account's new
/// checkpoint is appended to the sync log in one durable append. A crash before that append
/// replays the batch; every write is idempotent, so the replay changes nothing in Salesforce.
///
/// One dispatcher per data directory: it holds the sync log's writer lock.
public actor Dispatcher {
    let layout: DataLayout
    let options: DispatchOptions
    let logger: Logger
    let syncLog: LogWriter
    let credentials: CredentialsStore
    var state = ProjectionState()
    var sessions: [String: OrgSession] = [:]
    /// Accounts left out until the end of the pass (paused or failing), with why.
    var excluded: [String: String] = [:]
    /// When each paused account may try again.
    var pausedUntil: [String: ContinuousClock.Instant] = [:]
    var report = DispatchReport()
    var cursor: LogCursor?
    /// A record read ahead of a batch it did not belong to, and when it was appended.
    var heldBack: (offset: UInt64, record: StoredRecord, appendedAt: Int64)?
    /// When the first record of the batch just read was appended (microseconds since 1970).
    var batchAppendedAt: Int64?
    var metrics = DispatchMetrics()
    /// A second cursor that skips batch headers to learn how far the events log has grown.
    var endProbe: LogCursor?

    /// Opens the sync log for writing; fails when another dispatcher holds it.
    public init(
        layout: DataLayout,
        options: DispatchOptions = DispatchOptions(),
        logger: Logger = Logger(label: "avosync.sync")
    ) throws {
        self.layout = layout
        self.options = options
        self.logger = logger
        syncLog = try LogWriter(directory: layout.sync)
        credentials = CredentialsStore(layout: layout)
    }

    /// Dispatches every pending event and returns; the report says what is still waiting.
    public func runOnce() async throws -> DispatchReport {
        report = DispatchReport()
        try await catchUp()
        return await finishReport()
    }

    /// Dispatches pending events, then follows the events log until `shouldStop` says so; the
    /// batch in flight is finished first.
    public func follow(
        pollInterval: Duration = .milliseconds(5),
        shouldStop: @escaping @Sendable () -> Bool
    ) async throws -> DispatchReport {
        report = DispatchReport()
        following = true
        try await catchUp()
        logger.info(
            "caught up; following the events log",
            metadata: ["accounts": "\(passAccounts.count)", "offset": "\(state.eventsNextOffset)"]
        )
        var lastRecheck = ContinuousClock.now
        var lastReport = ContinuousClock.now
        var idle = pollInterval
        while !shouldStop() {
            if pausedUntil.values.contains(where: { $0 <= .now }) || needsRewind {
                excluded = [:]
                try await catchUp()
                continue
            }
            let batch = try readBatch()
            if batch.isEmpty {
                if ContinuousClock.now - lastReport >= .seconds(1) {
                    lastReport = .now
                    await reportMetrics()
                }
                if ContinuousClock.now - lastRecheck >= options.recheckInterval {
                    lastRecheck = .now
                    try await revisit(accounts: dispatchableAccounts())
                }
                try? await Task.sleep(for: idle)
                idle = min(idle * 2, .milliseconds(50))
                continue
            }
            idle = pollInterval
            try await dispatch(batch)
            await reportMetrics()
        }
        logger.info(
            "stopped following",
            metadata: [
                "dispatched": "\(report.dispatched)", "offset": "\(cursor?.nextOffset ?? state.eventsNextOffset)",
            ]
        )
        return await finishReport()
    }

    /// Closes the client connections and the sync log.
    public func close() async {
        for session in sessions.values { await session.client.shutdown() }
        sessions = [:]
        try? syncLog.close()
    }

    /// Set when an account became dispatchable behind the cursor (it connected while following).
    var needsRewind = false
    /// Whether `follow` runs: account-wide events then prompt a fresh look at parked events.
    var following = false
    /// The accounts this pass dispatches, chosen from the latest state when it started.
    var passAccounts: [String] = []

    // MARK: Passes

    /// Rebuilds the state at the earliest pending event of any dispatchable account, dispatches up
    /// to the end of the log, then looks at parked and re-driven events again.
    func catchUp() async throws {
        needsRewind = false
        let latest = try ProjectionLoader(layout: layout).load().state
        for (account, until) in pausedUntil where until <= .now { pausedUntil[account] = nil }
        let accounts = dispatchable(in: latest)
        passAccounts = accounts
        let start = accounts.map { latest.account($0).checkpoint?.nextOffset ?? 0 }.min() ?? latest.eventsNextOffset
        // Caught up already (the usual restart): the latest state is the state at the start.
        state = start == latest.eventsNextOffset ? latest : try DispatchState.build(layout, eventsUpTo: start)
        cursor = nil
        heldBack = nil
        while true {
            let batch = try readBatch()
            if batch.isEmpty { break }
            try await dispatch(batch)
            await reportMetrics()
        }
        // Parked and re-driven events are looked at again with the settings now in force.
        try await revisit(accounts: dispatchableAccounts())
        try appendIdleCheckpoints()
        await reportMetrics()
    }

    /// Accounts to dispatch: connected (in the latest state), with stored credentials, selected,
    /// and not paused.
    func dispatchable(in latest: ProjectionState) -> [String] {
        latest.accounts.keys.sorted().filter { account in
            latest.accounts[account]?.connection != nil && (options.accounts?.contains(account) ?? true)
                && pausedUntil[account] == nil && FileManager.default.fileExists(atPath: credentials.path(for: account))
        }
    }

    func dispatchableAccounts() -> [String] {
        passAccounts.filter { excluded[$0] == nil }
    }

    private func finishReport() async -> DispatchReport {
        var result = report
        for session in sessions.values {
            result.apiRequests += await session.client.requestsSent
            result.retries += await session.client.retries
        }
        for (account, reason) in excluded where result.paused[account] == nil { result.failed[account] = reason }
        return result
    }
}
