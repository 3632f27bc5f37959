public import SyncModel

extension ProjectionState {
    /// Folds the event at `offset` of the events log. Offsets must come in log order.
    public mutating func apply(_ event: Event, at offset: UInt64) {
        eventsNextOffset = offset + 1
        accounts[event.account, default: AccountState()].apply(event, at: offset)
    }

    /// Folds the outcome at `offset` of the sync log. Offsets must come in log order.
    public mutating func apply(_ outcome: Outcome, at offset: UInt64) {
        syncNextOffset = offset + 1
        accounts[outcome.account, default: AccountState()].apply(outcome)
    }

    /// Counts a record this version cannot interpret, so that status can say it is there.
    public mutating func applyUnknown(eventsOffset offset: UInt64) {
        eventsNextOffset = offset + 1
        unknownRecords += 1
    }

    /// Counts an unknown record of the sync log.
    public mutating func applyUnknown(syncOffset offset: UInt64) {
        syncNextOffset = offset + 1
        unknownRecords += 1
    }
}

extension AccountState {
    mutating func apply(_ event: Event, at offset: UInt64) {
        events += 1
        lastEventOffset = offset
        switch event.payload {
        case .contactUpserted(let upsert):
            contacts[upsert.contact, default: ContactState()].apply(upsert, at: offset)
        case .callLogged(let call): touchContact(call.contact, at: offset)
        case .textLogged(let text): touchContact(text.contact, at: offset)
        case .noteAdded(let note): touchContact(note.contact, at: offset)
        case .customFieldDefined(let definition): customFields[definition.key] = definition
        case .settingsChanged(let change):
            settings = settings.applying(change)
            for name in change.names { settingsChangedAt[name] = offset }
        case .salesforceConnected(let newConnection): connection = newConnection
        case .salesforceDisconnected: connection = nil
        }
    }

    private mutating func touchContact(_ contact: String, at offset: UInt64) {
        activities += 1
        contacts[contact, default: ContactState()].lastEventOffset = offset
    }

    mutating func apply(_ outcome: Outcome) {
        if let offset = outcome.eventOffset, !isRedrive(outcome.kind) { redriven.remove(offset) }
        switch outcome.kind {
        case .linked(let record, _):
            if let contact = outcome.contact { contacts[contact, default: ContactState()].link = record }
        case .fieldsWritten, .taskWritten:
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
        case .paused(let reason):
            pausedReason = reason
            lastError = reason
        case .unblocked:
            blockedReason = nil
            pausedReason = nil
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
    mutating func apply(_ upsert: ContactUpsert, at offset: UInt64) {
        lastEventOffset = offset
        for (field, value) in upsert.fields { fields[field] = value }
        for (key, value) in upsert.customFields { customFields[key] = value }
    }
}
