import CoreMetrics
import EventLog
import Foundation
import Logging
import Projection
import SyncModel

/// Runs one pass of the dispatcher (`sync --once`) or follows the log (`sync --follow`): starts a
/// lane for every dispatchable account, reads the events log once for all of them and routes each
/// event to its account's lane, starts lanes for accounts that connect meanwhile, and reports the
/// figures of the whole.
final class LaneSupervisor: Sendable {
    let context: LaneContext

    init(context: LaneContext) { self.context = context }

    private var layout: DataLayout { context.layout }
    private var options: DispatchOptions { context.options }

    /// The lanes' starting point: the offset of the earliest checkpoint of the accounts to
    /// dispatch, and each of these accounts' state there. Only these accounts' states are kept:
    /// each lane owns its own from then on.
    struct Start {
        var offset: UInt64
        var lanes: [(account: String, state: AccountState)]
    }

    /// Where the lanes start: the events log folded up to the earliest pending event of the
    /// accounts it dispatches (from the newest snapshot that is not past it), and the whole sync log.
    static func start(layout: DataLayout, options: DispatchOptions) throws -> Start {
        let latest = try ProjectionLoader(layout: layout).load().state
        let accounts = latest.accounts.keys.sorted().filter { account in
            latest.accounts[account]?.connection != nil && dispatchable(account, layout: layout, options: options)
        }
        let offset = accounts.map { latest.account($0).checkpoint?.nextOffset ?? 0 }.min() ?? latest.eventsNextOffset
        // Caught up already (the usual restart): the latest state is the state at the start.
        let state = offset == latest.eventsNextOffset ? latest : try DispatchState.build(layout, eventsUpTo: offset)
        return Start(offset: offset, lanes: accounts.map { ($0, state.account($0)) })
    }

    /// Runs the lanes from `start` until the reading ends and every lane finished (`--once`), or
    /// until `shouldStop` says so (following).
    func run(
        from start: consuming Start,
        pollInterval: Duration,
        shouldStop: @escaping @Sendable () -> Bool
    ) async throws {
        let offset = start.offset
        var lanes = Set(start.lanes.map(\.account))
        // Outside the group: when the dispatcher stops, a poll in flight is cancelled rather than
        // awaited, so that stopping never waits for an org's answer.
        let capture =
            context.following && options.captureInterval != nil
            ? Task { await self.captureWhileFollowing() } : nil
        // Not awaited: an org that does not answer must not keep the dispatcher from stopping.
        defer { capture?.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (account, state) in start.lanes {
                context.router.add(account)
                launch(AccountLane(account: account, state: state, position: offset, context: context), in: &group)
            }
            // The lanes own their states now.
            start.lanes = []
            group.addTask { await self.reportWhileLanesRun() }
            var reading = EventsReading(layout: layout, from: offset)
            do {
                try await read(
                    &reading,
                    lanes: &lanes,
                    group: &group,
                    pollInterval: pollInterval,
                    shouldStop: shouldStop
                )
            } catch {
                context.router.stop()
                await context.scheduler.stop()
                throw error
            }
            try await group.waitForAll()
        }
        if let failure = context.board.failure { throw failure }
    }

    private func launch(_ lane: AccountLane, in group: inout ThrowingTaskGroup<Void, any Error>) {
        let context = self.context
        // Counted as running before its task starts, so that the figures wait for it.
        context.board.started(lane.account, at: lane.startPosition)
        context.captureHost.add(lane)
        group.addTask {
            defer { context.captureHost.remove(lane.account) }
            do {
                try await lane.run()
            } catch {
                // The sync log cannot be written, or the events log cannot be read: stop everything.
                context.board.stop(because: error)
                context.router.stop()
                await context.scheduler.stop()
                throw error
            }
        }
    }

    /// Reads the events log and routes it, until its end (`--once`) or until stopped.
    private func read(
        _ reading: inout EventsReading,
        lanes: inout Set<String>,
        group: inout ThrowingTaskGroup<Void, any Error>,
        pollInterval: Duration,
        shouldStop: @Sendable () -> Bool
    ) async throws {
        var idle = pollInterval
        var lastTick = ContinuousClock.now
        // One batch read ahead: the router learns with a batch whether it was the log's end, so a
        // lane that got events then takes them at once instead of waiting for more.
        var ahead: LogBatch?
        while !context.router.isStopped {
            if context.following, shouldStop() {
                context.router.stop()
                await context.scheduler.stop()
                return
            }
            await context.router.waitForRoom()
            if let batch = try ahead ?? reading.next() {
                let (routed, connected) = try decode(batch, lanes: lanes)
                for account in connected
                where !lanes.contains(account) && Self.dispatchable(account, layout: layout, options: options) {
                    lanes.insert(account)
                    launch(try newLane(account), in: &group)
                }
                ahead = try reading.next()
                context.router.route(
                    routed,
                    through: batch.offsets.upperBound,
                    atEnd: ahead == nil && context.following
                )
                idle = pollInterval
                continue
            }
            guard context.following else {
                context.router.finish()
                return
            }
            context.router.atEnd()
            if ContinuousClock.now - lastTick >= .milliseconds(100) {
                lastTick = .now
                context.router.tick()
            }
            try? await Task.sleep(for: idle)
            idle = min(idle * 2, .milliseconds(50))
        }
    }

    /// The events of the lanes' accounts in `batch`, and the accounts without a lane that connected in it.
    private func decode(
        _ batch: LogBatch,
        lanes: Set<String>
    ) throws -> (routed: [(account: String, event: RoutedEvent)], connected: [String]) {
        var routed: [(account: String, event: RoutedEvent)] = []
        var connected: [String] = []
        for record in batch {
            let account = record.bytes.withUnsafeBytes {
                StoredEncoding.accountBytes($0).map { String(decoding: $0, as: UTF8.self) }
            }
            if let account, !lanes.contains(account) {
                // Another account's record: only a new connection matters, and its header tells.
                let type = record.bytes.withUnsafeBytes { StoredEncoding.eventType($0) }
                if type == .salesforceConnected { connected.append(account) }
                continue
            }
            switch try DispatchState.decode(record, .events) {
            case .event(let event):
                routed.append(
                    (event.account, RoutedEvent(offset: record.offset, event: event, appendedAt: record.timestamp))
                )
            case .outcome:
                throw DispatchError("events log offset \(record.offset) holds an outcome")
            case .unknown:
                continue
            }
        }
        return (routed, connected)
    }

    /// Whether a connected account is one to dispatch: selected, with stored credentials.
    static func dispatchable(_ account: String, layout: DataLayout, options: DispatchOptions) -> Bool {
        (options.accounts?.contains(account) ?? true) && (options.ownsAccount?(account) ?? true)
            && FileManager.default.fileExists(atPath: CredentialsStore(layout: layout).path(for: account))
    }

    /// A lane for an account that connected while the others run: its state at its checkpoint,
    /// and its own reading of the log from there until it catches up with the shared one.
    private func newLane(_ account: String) throws -> AccountLane {
        let state = try DispatchState.account(account, in: layout)
        let checkpoint = state.checkpoint?.nextOffset ?? 0
        context.logger.info(
            "account connected; it starts from its checkpoint",
            metadata: ["account": "\(account)", "offset": "\(checkpoint)"]
        )
        context.router.add(account, readsFrom: checkpoint)
        return AccountLane(account: account, state: state, position: checkpoint, context: context)
    }

    // MARK: Change capture

    /// Brings Salesforce's changes back while following: each org is read once every capture
    /// interval, at a second of the interval of its own, so that a thousand accounts' orgs are
    /// not all read, and their rows all decoded, in the same second. An account whose lane has
    /// not caught up yet when its org's second comes is read at the next interval.
    private func captureWhileFollowing() async {
        guard let interval = options.captureInterval else { return }
        let capture = ChangeCapture(
            layout: layout,
            options: options,
            registry: context.registry,
            logger: context.logger
        )
        let slots = max(1, Int(interval.components.seconds))
        var next = ContinuousClock.now + .seconds(1)
        var slot = 0
        while !context.router.isStopped, !Task.isCancelled {
            if ContinuousClock.now >= next {
                let now = slot
                let report = await capture.poll(context.captureHost) { Self.slot(of: $0, among: slots) == now }
                context.captureHost.noteAppended(report.appended)
                context.board.broughtBack(report.events)
                slot = (slot + 1) % slots
                next = next + .seconds(1)
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The second of the capture interval at which `org` is read: stable for the process.
    static func slot(of org: OrgKey, among slots: Int) -> Int {
        Int(UInt32(ChangeDetector.digest(org.description), radix: 16) ?? 0) % slots
    }

    // MARK: Figures

    /// Reports progress and metrics while lanes run (following: until the dispatcher stops, as
    /// lanes may start later).
    private func reportWhileLanesRun() async {
        var metrics = DispatchMetrics()
        var probe = EndProbe(layout: layout)
        repeat {
            await report(&metrics, &probe)
            try? await Task.sleep(for: .milliseconds(context.following ? 1000 : 200))
        } while (context.following || context.board.running > 0) && !context.router.isStopped
        await report(&metrics, &probe)
    }

    private func report(_ metrics: inout DispatchMetrics, _ probe: inout EndProbe) async {
        let slowest = context.board.slowest
        let position = slowest?.position ?? context.router.routedThrough
        let end = max(probe.end(from: position) ?? position, position)
        metrics.log(end: end, position: position)
        metrics.lag(since: slowest?.waitingSince)
        let (running, waiting) = await context.scheduler.load
        metrics.lanesRunning.record(running)
        metrics.lanesWaiting.record(waiting)
        let (buffered, detached, _) = context.router.load
        metrics.buffered.record(buffered)
        metrics.lanesDetached.record(detached)
        options.progress?(position, end)
    }
}

/// The shared reading of the events log, opened once the log exists.
struct EventsReading {
    let directory: String
    private var cursor: LogCursor?
    private var start: UInt64

    init(layout: DataLayout, from start: UInt64) {
        directory = layout.events
        self.start = start
    }

    /// The next whole batch, or nil at the current end of the log.
    mutating func next() throws -> LogBatch? {
        if cursor == nil { cursor = try LogCursor.ifPresent(directory: directory, from: .offset(start)) }
        return try cursor?.nextBatch()
    }
}

/// Learns how far the events log has grown by skipping batch headers (nothing is decompressed).
struct EndProbe {
    let directory: String
    private var cursor: LogCursor?

    init(layout: DataLayout) { directory = layout.events }

    /// The log's end offset, when it can be told (the figures skip it otherwise).
    mutating func end(from position: UInt64) -> UInt64? {
        if cursor == nil { cursor = try? LogCursor.ifPresent(directory: directory, from: .offset(position)) }
        return try? cursor?.skipToEnd()
    }
}
