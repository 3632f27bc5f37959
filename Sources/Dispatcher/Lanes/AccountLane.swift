import Foundation
import Logging
import Projection
import SalesforceClient
import SyncModel

/// One account's own progress through the events log: its batches, its state, its checkpoint,
/// its retries, its pause and its block. Lanes run concurrently; nothing one lane does waits for
/// another, except for a slot from the scheduler.
///
/// A lane folds its account's events as they come (from the shared reading, or from its own when
/// it fell behind), answers those at or past its checkpoint in batches (an account-wide event makes
/// a batch of its own, so that the settings in force at each offset decide), records each batch's
/// outcomes and new checkpoint in one durable append, and only then takes the next batch. A crash
/// repeats at most the batch in flight, and every write is idempotent.
actor AccountLane {
    /// A batch folded into the state and not yet answered.
    struct PendingBatch: Sendable {
        /// Contact events to answer, in log order.
        var items: [WorkItem] = []
        /// Events at or past the checkpoint: what the checkpoint will count.
        var counted: UInt64 = 0
        /// The checkpoint once answered.
        var end: UInt64 = 0
        var hasAccountWideEvent = false
        /// When its first event was appended (microseconds since 1970).
        var appendedAt: Int64?
        var firstOffset: UInt64 = 0
    }

    let account: String
    let context: LaneContext
    /// Where the lane started in the events log.
    nonisolated let startPosition: UInt64
    var state: AccountState
    /// Every event of the account below this offset is folded into `state`.
    var position: UInt64
    /// The lane's own reading, while the shared one does not carry its events.
    var reader: LaneReader?
    /// Folded, not yet answered (kept across a pause or a failure, never folded twice).
    var pending: PendingBatch?
    var metrics: AccountMetrics
    /// Caught up once: parked events and idle checkpoints were looked at.
    var caughtUp = false
    var lastRecheck = ContinuousClock.now
    /// Set while the account is disconnected with events it could not answer: a new connection
    /// rebuilds the state at the checkpoint and answers them from there.
    var waitingForConnection = false
    /// After such a rebuild: the offset of the new connection. The events below it waited for it,
    /// and are answered although the account was disconnected at their offsets.
    var connectedAgainAt: UInt64?
    /// The org that holds the account back, while it does (for the paused figure).
    var heldByPause = false
    /// The account's way to its org, once its credentials were read (until it connects anew).
    var access: OrgAccess?
    /// The org's API usage as the lane's last batch left it.
    var usage: APIUsage?
    /// Salesforce work (batches and looks at parked events) answered so far, and the contacts
    /// whose writes are in flight or were answered lately: change capture leaves their rows for
    /// its next poll, as a write may have raced its query.
    var answeredWork: UInt64 = 0
    var inFlight: Set<String> = []
    var recentlyAnswered: [(work: UInt64, contacts: Set<String>)] = []

    var options: DispatchOptions { context.options }
    var logger: Logger { context.logger }

    init(account: String, state: AccountState, position: UInt64, context: LaneContext) {
        self.account = account
        self.state = state
        self.position = position
        startPosition = position
        self.context = context
        metrics = AccountMetrics(account)
    }

    /// Runs until the reading ends and everything is answered (`sync --once`), the dispatcher
    /// stops, or the account cannot go on this run (paused or failing, `sync --once`).
    func run() async throws {
        defer { context.board.ended(account) }
        reportFigures()
        while true {
            if let batch = pending {
                switch try await working({ try await answer(batch) }) {
                case .answered: pending = nil
                case .retry(let deadline):
                    await context.router.sleep(account, until: deadline)
                    if context.router.isStopped { return }
                case .stop: return
                }
                reportFigures()
                continue
            }
            switch try nextEvents() {
            case .events(let events):
                try await fold(events)
            case .idle(let through, let atEnd):
                position = max(position, through)
                context.board.update(account, position: position, waitingSince: nil)
                if atEnd { try await working { try await caughtUp(through: through, final: false) } }
                await context.router.wait(account, until: atEnd ? lastRecheck + options.recheckInterval : nil)
            case .finished(let through):
                position = max(position, through)
                try await working { try await caughtUp(through: through, final: true) }
                return
            case .filling(let have):
                await context.router.waitForMore(account, have: have)
            case .detached, .stopped:
                return
            }
        }
    }

    /// The next events, from the shared reading or the lane's own.
    private func nextEvents() throws -> EventRouter.Next {
        while !context.router.isStopped {
            if let reader {
                let events = try reader.read(limit: options.batchSize)
                if !events.isEmpty { return .events(events) }
                // At the log's end: back on the shared reading, unless it has read past us meanwhile.
                if context.router.reattach(account, at: reader.nextOffset) {
                    position = max(position, reader.nextOffset)
                    self.reader = nil
                }
                continue
            }
            switch context.router.next(account, limit: options.batchSize) {
            case .detached(let from):
                reader = try LaneReader(directory: context.layout.events, account: account, from: max(from, position))
            case let next:
                return next
            }
        }
        return .stopped
    }

    /// Folds the events into the state and makes the ones at or past the checkpoint the batch to answer.
    private func fold(_ events: [RoutedEvent]) async throws {
        let checkpoint = state.checkpoint?.nextOffset ?? 0
        var batch = PendingBatch()
        var reconnected: UInt64?
        for routed in events {
            state.apply(routed.event, at: routed.offset)
            position = routed.offset + 1
            let type = routed.event.type
            if type == .salesforceConnected || type == .salesforceDisconnected {
                // New credentials (or none): the next call signs in anew.
                await context.registry.forget(account)
                access = nil
                if type == .salesforceConnected, waitingForConnection { reconnected = routed.offset }
            }
            guard routed.offset >= checkpoint else { continue }
            if batch.counted == 0 {
                batch.firstOffset = routed.offset
                batch.appendedAt = routed.appendedAt
            }
            batch.counted += 1
            batch.end = routed.offset + 1
            if type.isContactScoped {
                batch.items.append(WorkItem(offset: routed.offset, event: routed.event, isRevisit: false))
            } else {
                batch.hasAccountWideEvent = true
            }
        }
        if let reconnected { return try rewind(connectedAgainAt: reconnected) }
        if let again = connectedAgainAt, position > again { connectedAgainAt = nil }
        // Events wait for a connection: nothing after them may move the checkpoint past them.
        guard batch.counted > 0, !waitingForConnection else { return }
        if state.connection == nil, !batch.items.isEmpty, batch.end > connectedAgainAt ?? 0 {
            // Disconnected: these wait, unanswered, for the next connection.
            waitingForConnection = true
            return
        }
        pending = batch
        context.board.update(account, position: batch.firstOffset, waitingSince: batch.appendedAt)
    }

    /// The account connected again (at `offset`) after events went unanswered: its state is
    /// rebuilt at the checkpoint, and the lane reads for itself from there, answering them.
    private func rewind(connectedAgainAt offset: UInt64) throws {
        let checkpoint = state.checkpoint?.nextOffset ?? 0
        logger.info(
            "account connected again; answering its events from its checkpoint",
            metadata: [
                "account": "\(account)", "offset": "\(checkpoint)",
            ]
        )
        state = try DispatchState.account(account, in: context.layout)
        position = checkpoint
        waitingForConnection = false
        connectedAgainAt = offset
        context.router.detach(account, from: checkpoint)
        reader = try LaneReader(directory: context.layout.events, account: account, from: checkpoint)
    }

    /// Tells the board and the metrics where the lane is.
    func reportFigures() {
        metrics.report(state, paused: heldByPause, usage: usage)
        if pending == nil { context.board.update(account, position: position, waitingSince: nil) }
    }
}
