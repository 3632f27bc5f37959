import EventLog
import Foundation
import Logging
import Projection
import SalesforceClient
import SyncModel

extension Dispatcher {
    /// Reads the next batch: up to `batchSize` records, ending before an account-wide event
    /// (settings, custom fields, connections), which makes a batch of its own, so that every event
    /// of a batch is planned under the same settings.
    func readBatch() throws -> [(offset: UInt64, record: StoredRecord)] {
        if cursor == nil {
            guard FileManager.default.fileExists(atPath: layout.events) else { return [] }
            do {
                cursor = try LogCursor(directory: layout.events, from: .offset(state.eventsNextOffset))
            } catch let error as LogError where error.code == .notALog {
                return []
            }
        }
        var batch: [(offset: UInt64, record: StoredRecord)] = []
        batchAppendedAt = nil
        while batch.count < options.batchSize {
            let next: (offset: UInt64, record: StoredRecord, appendedAt: Int64)
            if let held = heldBack {
                next = held
                heldBack = nil
            } else if let record = try cursor?.next() {
                next = (record.offset, try DispatchState.decode(record, .events), record.timestamp)
            } else {
                break
            }
            if batch.isEmpty { batchAppendedAt = next.appendedAt }
            if Self.isAccountWide(next.record) {
                if batch.isEmpty { batch.append((next.offset, next.record)) } else { heldBack = next }
                break
            }
            batch.append((next.offset, next.record))
        }
        return batch
    }

    static func isAccountWide(_ record: StoredRecord) -> Bool {
        guard case .event(let event) = record else { return false }
        return !event.type.isContactScoped
    }

    /// Dispatches one batch for every dispatchable account, then appends the outcomes and the
    /// new checkpoints in one durable append.
    func dispatch(_ batch: [(offset: UInt64, record: StoredRecord)]) async throws {
        let accounts = Set(dispatchableAccounts())
        var perAccount: [String: [WorkItem]] = [:]
        var counted: [String: UInt64] = [:]
        var settingsTouched: Set<String> = []
        var retired: [OrgSession] = []
        for (offset, record) in batch {
            switch record {
            case .event(let event):
                let wasConnected = state.accounts[event.account]?.connection != nil
                state.apply(event, at: offset)
                // A new `connect` stored new credentials: the next call signs in with them.
                if event.type == .salesforceConnected || event.type == .salesforceDisconnected,
                    let session = sessions.removeValue(forKey: event.account)
                {
                    retired.append(session)
                }
                guard accounts.contains(event.account) else {
                    if event.type == .salesforceConnected, !wasConnected, excluded[event.account] == nil,
                        pausedUntil[event.account] == nil, options.accounts?.contains(event.account) ?? true,
                        FileManager.default.fileExists(atPath: credentials.path(for: event.account))
                    {
                        needsRewind = true
                    }
                    continue
                }
                guard offset >= state.account(event.account).checkpoint?.nextOffset ?? 0 else { continue }
                counted[event.account, default: 0] += 1
                if event.type.isContactScoped {
                    perAccount[event.account, default: []].append(
                        WorkItem(offset: offset, event: event, isRevisit: false)
                    )
                } else {
                    settingsTouched.insert(event.account)
                }
            case .outcome:
                throw DispatchError("events log offset \(offset) holds an outcome")
            case .unknown:
                state.applyUnknown(at: offset, in: .events)
            }
        }
        for session in retired { await session.client.shutdown() }
        let end = (batch.last?.offset ?? 0) + 1
        var outcomes: [Outcome] = []
        for account in counted.keys.sorted() {
            var accountOutcomes: [Outcome] = []
            if let items = perAccount[account], !items.isEmpty {
                guard let answered = await dispatch(account: account, items: try withParked(items, account: account))
                else { continue }
                accountOutcomes = answered
            }
            let previous = state.account(account).checkpoint?.dispatched ?? 0
            accountOutcomes.append(
                Outcome(
                    account: account,
                    at: options.clock(),
                    kind: .checkpoint(nextOffset: end, dispatched: previous + counted[account, default: 0])
                )
            )
            outcomes += accountOutcomes
            report.dispatched += counted[account, default: 0]
            metrics.dispatched(counted[account, default: 0], account: account)
        }
        try append(outcomes)
        for account in settingsTouched.sorted() where following && !state.account(account).parked.isEmpty {
            try await revisit(accounts: [account])
        }
    }

    /// The contact's parked events join its new ones, so that they reach the record it is
    /// linked to now, in log order.
    private func withParked(_ items: [WorkItem], account: String) throws -> [WorkItem] {
        let accountState = state.account(account)
        guard !accountState.parked.isEmpty else { return items }
        let contacts = Set(items.compactMap(\.event.contact))
        let offsets = accountState.parked.filter { contacts.contains($0.value.contact ?? "") }.keys.sorted()
        guard !offsets.isEmpty else { return items }
        let earlier = try readEvents(at: offsets).map { WorkItem(offset: $0.offset, event: $0.event, isRevisit: true) }
        return (earlier + items).sorted { $0.offset < $1.offset }
    }

    /// Looks again at the parked and re-driven events of `accounts`.
    func revisit(accounts: [String]) async throws {
        var outcomes: [Outcome] = []
        for account in accounts where excluded[account] == nil {
            let accountState = state.account(account)
            if accountState.blockedReason != nil, let session = sessions[account] {
                // The org may have been fixed since: read its describe again.
                await session.client.forgetDescriptions()
            }
            // A contact without a phone cannot be looked up: its parked events wait for one.
            let lookable = accountState.parked.filter { _, parked in
                guard let contact = parked.contact.flatMap({ accountState.contacts[$0] }) else { return false }
                return contact.fields[.phone] != nil || contact.fields[.mobilePhone] != nil
            }
            let offsets = (Array(lookable.keys) + Array(accountState.redriven)).sorted()
            guard !offsets.isEmpty else { continue }
            let items = try readEvents(at: offsets).map {
                WorkItem(offset: $0.offset, event: $0.event, isRevisit: true)
            }
            if let answered = await dispatch(account: account, items: items) { outcomes += answered }
        }
        try append(outcomes)
    }

    /// Runs one account's share, trying it again from scratch after transient failures; nil
    /// when the account must wait (it is then left out until the next pass).
    func dispatch(account: String, items: [WorkItem]) async -> [Outcome]? {
        var attempt = 0
        var random = SystemRandomNumberGenerator()
        while true {
            attempt += 1
            do {
                let batch = AccountBatch(
                    account: account,
                    state: state.account(account),
                    session: try session(for: account),
                    work: ContactWork.group(items),
                    now: options.clock(),
                    logger: logger
                )
                let outcomes = try await batch.run()
                if let usage = await batch.client.usage,
                    Double(usage.remaining) < Double(usage.limit) * options.apiReservePercent / 100
                {
                    // Slow down before Salesforce refuses: this batch is done, the next waits.
                    pause(
                        account,
                        "\(usage); the last \(options.apiReservePercent)% is kept for the org's other integrations; resumes later"
                    )
                }
                return outcomes
            } catch SalesforceError.requestLimitExceeded(let message) {
                pause(
                    account,
                    "the org's daily API allowance is used up (REQUEST_LIMIT_EXCEEDED: \(message)); resumes later"
                )
                return nil
            } catch {
                let transient = (error as? SalesforceError)?.isTransient ?? false
                if transient, attempt < options.batchAttempts {
                    let pause = options.retry.delay(afterAttempt: attempt, using: &random)
                    logger.info(
                        "batch failed; trying again",
                        metadata: ["account": "\(account)", "error": "\(error)", "attempt": "\(attempt)"]
                    )
                    try? await Task.sleep(for: pause)
                    continue
                }
                logger.error("account left waiting", metadata: ["account": "\(account)", "error": "\(error)"])
                excluded[account] = "\(error)"
                // While following, it is tried again after a while, from its checkpoint.
                pausedUntil[account] = .now + options.failureRetryDelay
                return nil
            }
        }
    }

    /// Leaves `account` out until the pause ends, and records why once.
    func pause(_ account: String, _ reason: String) {
        logger.warning("account paused", metadata: ["account": "\(account)", "reason": "\(reason)"])
        excluded[account] = reason
        report.paused[account] = reason
        pausedUntil[account] = .now + options.pauseDuration
        if state.account(account).pausedReason != reason {
            try? append([Outcome(account: account, at: options.clock(), kind: .paused(reason: reason))])
        }
    }

    func session(for account: String) throws -> OrgSession {
        if let session = sessions[account] { return session }
        guard let stored = try credentials.load(account) else {
            throw DispatchError("account \(account) has no credentials; run avosync connect")
        }
        let session = try OrgSession(
            account: account,
            credentials: stored,
            store: credentials,
            retry: options.retry,
            logger: logger
        )
        sessions[account] = session
        return session
    }

    /// Reads the events at `offsets` (sorted) from the events log.
    func readEvents(at offsets: [UInt64]) throws -> [(offset: UInt64, event: Event)] {
        var result: [(offset: UInt64, event: Event)] = []
        var reader: LogCursor?
        for offset in offsets {
            if reader == nil || reader!.nextOffset != offset {
                reader = try LogCursor(directory: layout.events, from: .offset(offset))
            }
            guard let record = try reader?.next(), record.offset == offset else {
                throw DispatchError("events log offset \(offset) cannot be read")
            }
            if case .event(let event) = try DispatchState.decode(record, .events) { result.append((offset, event)) }
        }
        return result
    }

    /// Appends outcomes durably, then folds them into the state.
    func append(_ outcomes: [Outcome]) throws {
        guard !outcomes.isEmpty else { return }
        let range = try syncLog.append(contentsOf: outcomes.map(StoredEncoding.encode))
        for (offset, outcome) in zip(range, outcomes) {
            state.apply(outcome, at: offset)
            metrics.outcome(outcome.kind.typeName)
            logNotable(outcome)
        }
        report.outcomes += UInt64(outcomes.count)
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

    /// After a pass, moves the checkpoint of every caught-up account to the end of the log, so
    /// that the next start need not read back to an idle account's last event.
    func appendIdleCheckpoints() throws {
        let end = state.eventsNextOffset
        var outcomes: [Outcome] = []
        for account in dispatchableAccounts() {
            let accountState = state.account(account)
            guard (accountState.checkpoint?.nextOffset ?? 0) < end else { continue }
            outcomes.append(
                Outcome(
                    account: account,
                    at: options.clock(),
                    kind: .checkpoint(nextOffset: end, dispatched: accountState.events)
                )
            )
        }
        try append(outcomes)
    }
}
