public import SyncModel

extension ProjectionState {
    /// Folds the event at `offset` of the events log. Offsets must come in log order.
    public mutating func apply(_ event: Event, at offset: UInt64) {
        eventsNextOffset = offset + 1
        withAccount(event.account) { $0.apply(event, at: offset) }
    }

    /// Folds the outcome at `offset` of the sync log. Offsets must come in log order.
    public mutating func apply(_ outcome: Outcome, at offset: UInt64) {
        syncNextOffset = offset + 1
        withAccount(outcome.account) { $0.apply(outcome) }
    }

    /// Mutates an account in place, creating it first if new. One hash lookup for an existing
    /// account, and no throw-away default value (the fold's hottest path).
    private mutating func withAccount(_ name: String, _ body: (inout AccountState) -> Void) {
        if let index = accounts.index(forKey: name) {
            body(&accounts.values[index])
        } else {
            var account = AccountState()
            body(&account)
            accounts[name] = account
        }
    }

    /// Counts a record this version cannot interpret, so that status can say it is there.
    public mutating func applyUnknown(at offset: UInt64, in log: LogName) {
        advance(log, past: offset)
        unknownRecords += 1
    }

    /// Marks every record of `log` up to `offset` as folded.
    mutating func advance(_ log: LogName, past offset: UInt64) {
        switch log {
        case .events: eventsNextOffset = offset + 1
        case .sync: syncNextOffset = offset + 1
        }
    }
}

extension AccountState {
    /// Folds one of this account's events, at `offset` of the events log (offsets in log order):
    /// what a dispatcher lane does with its own account's events.
    public mutating func apply(_ event: Event, at offset: UInt64) {
        events += 1
        lastEventOffset = offset
        switch event.payload {
        case .contactUpserted(let upsert): apply(upsert, at: offset)
        case .callLogged, .textLogged, .noteAdded: activities += 1
        case .customFieldDefined(let definition): customFields[definition.key] = definition
        case .settingsChanged(let change):
            settings = settings.applying(change)
            for name in change.names { settingsChangedAt[name] = offset }
        case .salesforceConnected(let newConnection): connection = newConnection
        case .salesforceDisconnected: connection = nil
        case .salesforceRecordChanged(let change):
            // Brought back from Salesforce: Avochato shows it like its own edit, in log order.
            apply(change.asUpsert, at: offset)
        case .salesforceRecordMerged, .salesforceRecordDeleted:
            // The link moves or ends when the dispatcher answers them (links are the sync log's).
            break
        }
    }

    /// A contact's partial update, from either side.
    private mutating func apply(_ upsert: ContactUpsert, at offset: UInt64) {
        contacts.apply(upsert, at: offset)
    }

    /// A contact's partial update read in place from its stored record: what folding a log does.
    mutating func apply(_ edit: StoredContactEdit, in record: UnsafeRawBufferPointer, at offset: UInt64) {
        events += 1
        lastEventOffset = offset
        contacts.apply(edit, in: record, at: offset)
    }

    /// A call, text or note: counted for the account. Activities change no contact's state;
    /// the dispatcher reads them from the log when it writes their Tasks.
    mutating func applyActivity(at offset: UInt64) {
        events += 1
        activities += 1
        lastEventOffset = offset
    }

    /// Folds one of this account's outcomes, in sync-log order.
    public mutating func apply(_ outcome: Outcome) {
        if let offset = outcome.eventOffset, !isRedrive(outcome.kind) { redriven.remove(offset) }
        switch outcome.kind {
        case .linked(let record, _):
            if captureFrom == nil { captureFrom = outcome.at }
            if let contact = outcome.contact { contacts.update(contact) { $0.relink(to: record) } }
        case .unlinked(let record, _):
            if let contact = outcome.contact, contacts.link(of: contact) == record {
                contacts.update(contact, creating: false) { $0.relink(to: nil) }
            }
        case .salesforceValues(let record, let values):
            if let contact = outcome.contact, contacts.link(of: contact) == record {
                contacts.update(contact, creating: false) { state in
                    for (field, value) in values { state.salesforceValues[field] = value }
                }
            }
        case .captured(let object, let through):
            if let cursor = captureCursors[object], cursor >= through { break }
            captureCursors[object] = through
        case .fieldsWritten, .taskWritten:
            if case .taskWritten = outcome.kind, let contact = outcome.contact { contacts.countTask(of: contact) }
            if let offset = outcome.eventOffset {
                parked.removeValue(forKey: offset)
                deadLetters.removeValue(forKey: offset)
            }
        case .parked(let reason):
            if let offset = outcome.eventOffset {
                parked[offset] = ParkedActivity(contact: outcome.contact, reason: reason)
            }
        case .deadLettered(let failure):
            if let offset = outcome.eventOffset {
                parked.removeValue(forKey: offset)
                deadLetters[offset] = DeadLetter(contact: outcome.contact, at: outcome.at, failure: failure)
            }
            lastError = "\(failure.errorCode): \(failure.message)"
        case .redriven:
            if let offset = outcome.eventOffset, deadLetters.removeValue(forKey: offset) != nil {
                redriven.insert(offset)
            }
        case .blocked(let reason):
            blockedReason = reason
            lastError = reason
        case .paused(let reason, let until):
            pausedReason = reason
            pausedUntil = until
            lastError = reason
        case .failing(let reason, let retryAt):
            // The same failure again keeps when it started.
            let since = failure?.reason == reason ? failure?.since ?? outcome.at : outcome.at
            failure = LaneFailure(reason: reason, since: since, retryAt: retryAt)
            lastError = reason
        case .unblocked:
            blockedReason = nil
            pausedReason = nil
            pausedUntil = nil
            failure = nil
        case .checkpoint(let nextOffset, let dispatched):
            checkpoint = Checkpoint(nextOffset: nextOffset, dispatched: dispatched)
        }
    }

    private func isRedrive(_ kind: OutcomeKind) -> Bool {
        if case .redriven = kind { return true }
        return false
    }
}

extension ContactState {
    /// A new link (or none): what the old record held says nothing about the new one.
    mutating func relink(to record: RecordReference?) {
        if link != record { salesforceValues = [:] }
        link = record
    }
}
