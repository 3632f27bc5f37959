import EventLog
import Foundation
public import Logging
public import Projection

/// Replays pending events into Salesforce, each account on its own lane, and records what it did.
///
/// The events log is read once for all lanes; each lane folds its account's events, answers them
/// in batches against its org (through a session it may share with other accounts of the same org
/// and user), and appends each batch's outcomes and its new checkpoint to the sync log in one
/// durable append. Up to `DispatchOptions.concurrency` lanes talk to Salesforce at once; a slow,
/// failing or paused org holds back only its own accounts. A crash replays at most each lane's
/// batch in flight, and every write is idempotent, so the replay changes nothing in Salesforce.
///
/// One dispatcher per data directory: it holds the sync log's writer lock.
public actor Dispatcher {
    let layout: DataLayout
    let options: DispatchOptions
    let logger: Logger
    let recorder: any OutcomeSink
    let registry: OrgRegistry

    /// Opens the sync log for writing (fails when another dispatcher holds it), or records
    /// through `outcomes` when given (cluster mode: a replicated, fenced stream).
    public init(
        layout: DataLayout,
        options: DispatchOptions = DispatchOptions(),
        logger: Logger = Logger(label: "avosync.sync"),
        outcomes: (any OutcomeSink)? = nil
    ) throws {
        self.layout = layout
        self.options = options
        self.logger = logger
        recorder = try outcomes ?? OutcomeRecorder(log: try LogWriter(directory: layout.sync))
        registry = OrgRegistry(layout: layout, options: options, logger: logger)
    }

    /// Dispatches every pending event, brings back the changes made in Salesforce to linked
    /// records, dispatches what that brought (link moves), and returns; the report says what is
    /// still waiting.
    public func runOnce() async throws -> DispatchReport {
        let report = try await run(following: false, pollInterval: .milliseconds(5)) { false }
        guard options.captureInterval != nil else { return report }
        let state = try ProjectionLoader(layout: layout).load().state
        let selected = state.accounts.keys.sorted().filter {
            state.accounts[$0]?.connection != nil
                && LaneSupervisor.dispatchable($0, layout: layout, options: options)
        }
        let before = registry.counter.totals
        let capture = ChangeCapture(layout: layout, options: options, registry: registry, logger: logger)
        let captured = await capture.poll(LoadedStateHost(state: state, selected: selected, recorder: recorder))
        var polled = DispatchReport()
        polled.broughtBack = captured.events
        polled.apiRequests = registry.counter.totals.requests - before.requests
        guard captured.events > 0 else { return report.adding(polled) }
        let again = try await run(following: false, pollInterval: .milliseconds(5)) { false }
        return report.adding(polled).adding(again)
    }

    /// Dispatches pending events, then follows the events log until `shouldStop` says so; each
    /// lane finishes its batch in flight first.
    public func follow(
        pollInterval: Duration = .milliseconds(5),
        shouldStop: @escaping @Sendable () -> Bool
    ) async throws -> DispatchReport {
        let start = ContinuousClock.now
        let report = try await run(following: true, pollInterval: pollInterval, shouldStop: shouldStop)
        logger.info(
            "stopped following",
            metadata: [
                "dispatched": "\(report.dispatched)", "seconds": "\((ContinuousClock.now - start).components.seconds)",
            ]
        )
        return report
    }

    /// Closes the client connections and the sync log.
    public func close() async {
        await registry.close()
        try? recorder.close()
    }

    private func run(
        following: Bool,
        pollInterval: Duration,
        shouldStop: @escaping @Sendable () -> Bool
    ) async throws -> DispatchReport {
        let start = try LaneSupervisor.start(layout: layout, options: options)
        let context = LaneContext(
            layout: layout,
            options: options,
            logger: logger,
            following: following,
            router: EventRouter(start: start.offset, laneLimit: 2 * options.batchSize, budget: options.readAhead),
            scheduler: LaneScheduler(limit: options.concurrency, orgLimit: options.lanesPerOrg),
            registry: registry,
            recorder: recorder,
            board: LaneBoard(),
            captureHost: LaneHost()
        )
        if following {
            logger.info(
                "following the events log",
                metadata: ["accounts": "\(start.lanes.count)", "offset": "\(start.offset)"]
            )
        }
        let before = registry.counter.totals
        try await LaneSupervisor(context: context).run(
            from: consume start,
            pollInterval: pollInterval,
            shouldStop: shouldStop
        )
        var report = context.board.report
        let after = registry.counter.totals
        report.apiRequests = after.requests - before.requests
        report.retries = after.retries - before.retries
        return report
    }
}
