import CoreMetrics
import Foundation
import Logging
import Projection
import SalesforceClient
import SyncModel

extension AccountLane {
    /// What became of a batch.
    enum Answered {
        /// Its outcomes and checkpoint are durable.
        case answered
        /// Held back (a paused org, a failing one): try the same batch again at the deadline.
        case retry(at: ContinuousClock.Instant)
        /// The lane ends: the dispatcher is stopping, or `sync --once` gives up on the account.
        case stop
    }

    /// What one account batch against the org gave.
    enum Sent {
        case outcomes([Outcome])
        case paused(OrgRegistry.Pause)
        case failed(String)
        case stopping
    }

    /// Answers a folded batch: Salesforce work for its contact events, then its outcomes and the
    /// new checkpoint in one durable append.
    func answer(_ batch: PendingBatch) async throws -> Answered {
        // What Salesforce itself changed needs no call: a merge or deletion moves or ends the
        // link here, and a change brought back joins its contact's Avochato edits, if any.
        let local = linkMoves(batch.items)
        let busy = Set(batch.items.filter { !$0.event.type.comesFromSalesforce }.compactMap(\.event.contact))
        let items = batch.items.filter { busy.contains($0.event.contact ?? "") }
        guard !items.isEmpty else {
            try await record(local, checkpointing: batch)
            // New settings may let parked events through.
            if batch.hasAccountWideEvent, context.following, !state.parked.isEmpty { _ = try await revisit() }
            return .answered
        }
        switch await send(try withParked(items)) {
        case .outcomes(let outcomes):
            try await record(local + outcomes, checkpointing: batch)
            return .answered
        case .paused(let pause): return try await hold(pause)
        case .failed(let reason): return try await fail(reason)
        case .stopping: return .stop
        }
    }

    /// The account's way to its org, kept until the account connects anew.
    func orgAccess() async throws -> OrgAccess {
        if let access { return access }
        let fresh = try await context.registry.access(for: account)
        access = fresh
        return fresh
    }

    /// Runs the items as one account batch, with a slot, from scratch after transient failures.
    func send(_ items: [WorkItem]) async -> Sent {
        inFlight.formUnion(items.compactMap(\.event.contact))
        let access: OrgAccess
        do {
            access = try await orgAccess()
        } catch {
            return .failed("\(error)")
        }
        var attempt = 0
        var random = SystemRandomNumberGenerator()
        var describedAgain = false
        while true {
            attempt += 1
            if let pause = await context.registry.activePause(of: access.org) { return .paused(pause) }
            guard await context.scheduler.acquire(org: access.org) else { return .stopping }
            let batch = AccountBatch(
                account: account,
                state: state,
                access: access,
                work: ContactWork.group(items),
                now: options.clock(),
                logger: logger
            )
            await access.requests.begin()
            let result = await Result(awaiting: {
                try await RequestAttribution.$accounts.withValue([account]) { try await batch.run() }
            })
            await access.requests.end()
            await context.scheduler.release(org: access.org)
            let error: any Error
            switch result {
            case .success(let outcomes):
                // Salesforce refused a record for a field or object the cached describe named: the
                // org's schema changed. Described again, the batch is planned again once (its writes
                // are idempotent), so a stale cache does not turn into dead letters.
                if !describedAgain, outcomes.contains(where: \.saysSchemaChanged),
                    await context.registry.refresh(org: access.org)
                {
                    describedAgain = true
                    logger.info("the org's schema changed; described again", metadata: ["account": "\(account)"])
                    continue
                }
                heldByPause = false
                // Slow down before Salesforce refuses: this batch is done, the org's next ones wait.
                usage = await access.client.usage
                if let pause = await context.registry.observe(usage, org: access.org) {
                    try? await notePause(pause)
                }
                return .outcomes(outcomes)
            case .failure(let failure): error = failure
            }
            if case SalesforceError.requestLimitExceeded(let message) = error {
                let reason =
                    "the org's daily API allowance is used up (REQUEST_LIMIT_EXCEEDED: \(message)); resumes later"
                return .paused(await context.registry.pause(access.org, reason))
            }
            let salesforceError = error as? SalesforceError
            var describedNow = false
            if salesforceError?.indicatesSchemaChange == true {
                // The org's schema is not what its describe said: describe it again before retrying.
                describedNow = await context.registry.refresh(org: access.org)
            }
            let worthRetrying = (salesforceError?.isTransient ?? false) || describedNow
            guard worthRetrying, attempt < options.batchAttempts, !context.router.isStopped else {
                return .failed("\(error)")
            }
            logger.info(
                "batch failed; trying again",
                metadata: ["account": "\(account)", "error": "\(error)", "attempt": "\(attempt)"]
            )
            try? await Task.sleep(for: options.retry.delay(afterAttempt: attempt, using: &random))
        }
    }

    /// The org is paused: says so once in the sync log, then waits (following) or gives up for
    /// this run (`--once`); the batch is answered when the pause ends.
    func hold(_ pause: OrgRegistry.Pause) async throws -> Answered {
        try await notePause(pause)
        if !context.following { return .stop }
        return .retry(at: pause.until)
    }

    /// Records the pause once (again when it was renewed), and tells the report.
    func notePause(_ pause: OrgRegistry.Pause) async throws {
        heldByPause = true
        context.board.paused(account, pause.reason)
        logger.warning("account paused", metadata: ["account": "\(account)", "reason": "\(pause.reason)"])
        if state.pausedReason != pause.reason || state.pausedUntil != pause.untilTime {
            try await record([
                Outcome(
                    account: account,
                    at: options.clock(),
                    kind: .paused(reason: pause.reason, until: pause.untilTime)
                )
            ])
        }
    }

    /// The org could not be reached or kept failing: says so in the sync log when the reason is
    /// new, then tries again later (following) or gives up for this run (`--once`). Nothing is lost.
    func fail(_ reason: String) async throws -> Answered {
        logger.error("account left waiting", metadata: ["account": "\(account)", "error": "\(reason)"])
        context.board.failed(account, reason)
        let retryAt = context.following ? options.clock().adding(options.failureRetryDelay) : nil
        if state.failure?.reason != reason {
            try await record([
                Outcome(account: account, at: options.clock(), kind: .failing(reason: reason, retryAt: retryAt))
            ])
        }
        if !context.following { return .stop }
        return .retry(at: .now + options.failureRetryDelay)
    }

    /// Appends `outcomes` (and, for a batch, the account's new checkpoint after it) in one durable
    /// append, then folds them into the state.
    func record(_ outcomes: [Outcome], checkpointing batch: PendingBatch? = nil) async throws {
        var all = outcomes
        if let batch {
            let dispatched = (state.checkpoint?.dispatched ?? 0) + batch.counted
            all.append(
                Outcome(
                    account: account,
                    at: options.clock(),
                    kind: .checkpoint(nextOffset: batch.end, dispatched: dispatched)
                )
            )
        }
        guard !all.isEmpty else { return }
        _ = try await context.recorder.record(all)
        for outcome in all {
            state.apply(outcome)
            metrics.outcome(outcome.kind.typeName)
            logNotable(outcome)
        }
        context.board.answered(batch?.counted ?? 0, outcomes: all.count)
        if let batch { metrics.dispatched.increment(by: Int64(batch.counted)) }
    }

    /// The contact's parked events join its new ones, so that they reach the record it is linked
    /// to now, in log order.
    func withParked(_ items: [WorkItem]) throws -> [WorkItem] {
        guard !state.parked.isEmpty else { return items }
        let contacts = Set(items.compactMap(\.event.contact))
        let offsets = state.parked.filter { contacts.contains($0.value.contact ?? "") }.keys.sorted()
        guard !offsets.isEmpty else { return items }
        let earlier = try readEvents(at: offsets).map { WorkItem(offset: $0.offset, event: $0.event, isRevisit: true) }
        return (earlier + items).sorted { $0.offset < $1.offset }
    }

    /// What an operator should hear about without debug logging: dead letters, blocked and
    /// unblocked accounts.
    private func logNotable(_ outcome: Outcome) {
        var metadata: Logger.Metadata = ["account": "\(outcome.account)"]
        if let contact = outcome.contact { metadata["contact"] = "\(contact)" }
        if let offset = outcome.eventOffset { metadata["offset"] = "\(offset)" }
        switch outcome.kind {
        case .deadLettered(let failure):
            metadata["error_code"] = "\(failure.errorCode)"
            logger.warning("dead letter: Salesforce refused the event for good", metadata: metadata)
        case .blocked(let reason):
            metadata["reason"] = "\(reason)"
            logger.warning("account blocked: its new look-ups wait until the setting is fixed", metadata: metadata)
        case .unblocked:
            logger.notice("account unblocked", metadata: metadata)
        default:
            break
        }
    }
}

extension Outcome {
    /// A dead letter whose error names a field or object the org does not have (any more).
    var saysSchemaChanged: Bool {
        guard case .deadLettered(let failure) = kind else { return false }
        return SalesforceErrorItem(errorCode: failure.errorCode, message: failure.message).indicatesSchemaChange
    }
}
