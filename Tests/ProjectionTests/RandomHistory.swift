import EventLog
import EventLogTestSupport
import Projection
import SyncModel

/// Random but reproducible histories of events and outcomes over a few accounts and contacts.
struct RandomHistory {
    var events: [Event] = []
    var outcomes: [Outcome] = []

    static let accounts = ["acme", "globex", "initech"]
    static let contacts = (0..<12).map { "c-\($0)" }

    init(seed: UInt64, events eventCount: Int, outcomes outcomeCount: Int) {
        var random = SplitMix64(seed: seed)
        for index in 0..<eventCount { events.append(Self.event(index, &random)) }
        for index in 0..<outcomeCount {
            outcomes.append(Self.outcome(index, eventCount: eventCount, &random))
        }
    }

    private static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T {
        values[Int(random.next() % UInt64(values.count))]
    }

    private static func time(_ index: Int) -> EventTime {
        EventTime(
            seconds: 1_764_320_400 + Int64(index),
            nanoseconds: UInt32(index % 1000) * 1000,
            offsetMinutes: Int16(index % 3) * 60
        )
    }

    static func event(_ index: Int, _ random: inout SplitMix64) -> Event {
        let account = pick(accounts, &random)
        let contact = pick(contacts, &random)
        let payload: EventPayload
        switch random.next() % 10 {
        case 0, 1, 2:
            var upsert = ContactUpsert(contact: contact)
            for field in ContactField.allCases where random.next() % 3 == 0 {
                let value: String? =
                    random.next() % 5 == 0
                    ? nil
                    : field.isPhone
                        ? "+1415555\(1000 + random.next() % 9000)" : "\(field.rawValue)-\(random.next() % 50)"
                upsert.fields[field] = .some(value)
            }
            if random.next() % 2 == 0 {
                let values: [CustomFieldValue?] = [
                    .string("Avocado Toast"), .integer(Int64(random.next() % 100)), .number(2.5), .boolean(true), nil,
                ]
                upsert.customFields[pick(["favorite_food", "visits", "tier"], &random)] = .some(pick(values, &random))
            }
            payload = .contactUpserted(upsert)
        case 3:
            payload = .callLogged(
                CallLog(contact: contact, direction: .inbound, durationSeconds: Int64(random.next() % 600))
            )
        case 4: payload = .textLogged(TextLog(contact: contact, direction: .outbound, body: "message \(index)"))
        case 5: payload = .noteAdded(Note(contact: contact, body: "note \(index)", author: "sam"))
        case 6:
            payload = .customFieldDefined(
                CustomFieldDefinition(
                    key: pick(["favorite_food", "visits", "tier"], &random),
                    label: "Label \(index)",
                    salesforceField: random.next() % 3 == 0 ? nil : "Field\(index)__c"
                )
            )
        case 7:
            var change = SettingsChange()
            if random.next() % 2 == 0 {
                change.syncObject = random.next() % 2 == 0 ? .leadsAndContacts : .object("AvoCustomer__c")
            }
            if random.next() % 2 == 0 {
                change.phoneField = random.next() % 2 == 0 ? .automatic : .field("CustomPhoneNumber__c")
            }
            if random.next() % 2 == 0 { change.createMissingRecords = random.next() % 2 == 0 }
            if random.next() % 2 == 0 { change.syncFieldUpdates = random.next() % 2 == 0 }
            if change.names.isEmpty {
                change.defaultCountry = random.next() % 2 == 0 ? .unitedStates : (try? CountryCode.parse("GB").get())
            }
            payload = .settingsChanged(change)
        case 8:
            payload = .salesforceConnected(
                SalesforceConnection(
                    environment: .sandbox,
                    instanceURL: "https://\(account).my.salesforce.com",
                    orgID: nil
                )
            )
        default: payload = .salesforceDisconnected
        }
        return Event(id: "e-\(index)", account: account, at: time(index), payload: payload)
    }

    static func outcome(_ index: Int, eventCount: Int, _ random: inout SplitMix64) -> Outcome {
        let account = pick(accounts, &random)
        let contact = pick(contacts, &random)
        let offset = UInt64(random.next() % UInt64(max(eventCount, 1)))
        let record = RecordReference(
            object: pick(["Lead", "Contact", "AvoCustomer__c"], &random),
            id: "rec-\(random.next() % 40)"
        )
        let kind: OutcomeKind
        switch random.next() % 9 {
        case 0, 1:
            kind = .linked(record: record, reason: pick([.matched, .created, .ambiguous(others: [record])], &random))
        case 2: kind = .taskWritten(record: record, taskID: "task-\(index)")
        case 3:
            kind = .fieldsWritten(
                record: record,
                written: ["Email"],
                skipped: [SkippedField(field: "Rating", reason: "not on Contact")]
            )
        case 4: kind = .parked(reason: "creation is off")
        case 5:
            kind = .deadLettered(
                SalesforceFailure(errorCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "rule \(index)")
            )
        case 6: kind = .redriven
        case 7:
            kind = pick(
                [
                    .blocked(reason: "NoFeed__c has no feed tracking"), .unblocked,
                    .paused(reason: "REQUEST_LIMIT_EXCEEDED"),
                    .paused(reason: "2% of the allowance left", until: time(index + 300)),
                    .failing(reason: "HTTP 503 SERVER_UNAVAILABLE", retryAt: time(index + 30)),
                    .failing(reason: "unreachable", retryAt: nil),
                ],
                &random
            )
        default: kind = .checkpoint(nextOffset: offset, dispatched: offset / 3)
        }
        return Outcome(account: account, at: time(index), eventOffset: offset, contact: contact, kind: kind)
    }

    /// The state folded from zero, in memory.
    func folded(events eventCount: Int? = nil, outcomes outcomeCount: Int? = nil) -> ProjectionState {
        var state = ProjectionState()
        for (offset, event) in events.prefix(eventCount ?? events.count).enumerated() {
            state.apply(event, at: UInt64(offset))
        }
        for (offset, outcome) in outcomes.prefix(outcomeCount ?? outcomes.count).enumerated() {
            state.apply(outcome, at: UInt64(offset))
        }
        return state
    }

    /// Folds the rest of the history onto `state`, from the offsets it covers.
    func foldRest(onto state: ProjectionState) -> ProjectionState {
        var state = state
        for offset in Int(state.eventsNextOffset)..<events.count { state.apply(events[offset], at: UInt64(offset)) }
        for offset in Int(state.syncNextOffset)..<outcomes.count { state.apply(outcomes[offset], at: UInt64(offset)) }
        return state
    }

    /// Writes the history to the two logs of a data directory.
    func write(to layout: DataLayout) throws {
        var configuration = LogConfiguration()
        configuration.durability = .os
        configuration.segmentSize = 64 << 10
        let eventsLog = try LogWriter(directory: layout.events, configuration: configuration)
        try eventsLog.append(contentsOf: events.map(StoredEncoding.encode))
        try eventsLog.close()
        let syncLog = try LogWriter(directory: layout.sync, configuration: configuration)
        try syncLog.append(contentsOf: outcomes.map(StoredEncoding.encode))
        try syncLog.close()
    }
}
