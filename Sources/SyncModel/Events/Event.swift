/// One fact from Avochato, as the events log keeps it.
public struct Event: Sendable, Hashable {
    /// The event's identity everywhere, Salesforce included; unique within the account.
    public var id: String
    /// The Avochato account it belongs to.
    public var account: String
    /// When it happened in Avochato.
    public var at: EventTime
    /// What happened.
    public var payload: EventPayload

    public init(id: String, account: String, at: EventTime, payload: EventPayload) {
        self.id = id
        self.account = account
        self.at = at
        self.payload = payload
    }

    /// The contact the event is about, for contact-scoped events.
    public var contact: String? { payload.contact }

    /// The contract's name of the event's type.
    public var type: EventType { payload.type }
}

/// The contract's event types.
public enum EventType: String, Sendable, CaseIterable, Hashable {
    case contactUpserted = "contact.upserted"
    case callLogged = "call.logged"
    case textLogged = "text.logged"
    case noteAdded = "note.added"
    case customFieldDefined = "custom_field.defined"
    case settingsChanged = "settings.changed"
    case salesforceConnected = "salesforce.connected"
    case salesforceDisconnected = "salesforce.disconnected"
    case salesforceRecordChanged = "salesforce.record_changed"
    case salesforceRecordMerged = "salesforce.record_merged"
    case salesforceRecordDeleted = "salesforce.record_deleted"

    /// Calls, texts and notes: each becomes one closed Task.
    public var isActivity: Bool { self == .callLogged || self == .textLogged || self == .noteAdded }

    /// Whether events of this type carry a `contact`.
    public var isContactScoped: Bool { isActivity || self == .contactUpserted || comesFromSalesforce }

    /// The Salesforce side of two-way sync: written by avosync's change capture only; `append`
    /// and the service refuse them.
    public var comesFromSalesforce: Bool {
        self == .salesforceRecordChanged || self == .salesforceRecordMerged || self == .salesforceRecordDeleted
    }

    /// Whether the event is answered in a batch of its own: account-wide events (the settings in
    /// force at each offset decide) and the Salesforce events that move or end a link (the
    /// contact's events before it go to the old record, those after it to the new one).
    public var answeredAlone: Bool {
        !isContactScoped || self == .salesforceRecordMerged || self == .salesforceRecordDeleted
    }
}

/// What an event says, by type.
public enum EventPayload: Sendable, Hashable {
    case contactUpserted(ContactUpsert)
    case callLogged(CallLog)
    case textLogged(TextLog)
    case noteAdded(Note)
    case customFieldDefined(CustomFieldDefinition)
    case settingsChanged(SettingsChange)
    case salesforceConnected(SalesforceConnection)
    case salesforceDisconnected
    case salesforceRecordChanged(SalesforceRecordChange)
    case salesforceRecordMerged(SalesforceRecordMerge)
    case salesforceRecordDeleted(SalesforceRecordDeletion)

    public var type: EventType {
        switch self {
        case .contactUpserted: .contactUpserted
        case .callLogged: .callLogged
        case .textLogged: .textLogged
        case .noteAdded: .noteAdded
        case .customFieldDefined: .customFieldDefined
        case .settingsChanged: .settingsChanged
        case .salesforceConnected: .salesforceConnected
        case .salesforceDisconnected: .salesforceDisconnected
        case .salesforceRecordChanged: .salesforceRecordChanged
        case .salesforceRecordMerged: .salesforceRecordMerged
        case .salesforceRecordDeleted: .salesforceRecordDeleted
        }
    }

    public var contact: String? {
        switch self {
        case .contactUpserted(let upsert): upsert.contact
        case .callLogged(let call): call.contact
        case .textLogged(let text): text.contact
        case .noteAdded(let note): note.contact
        case .salesforceRecordChanged(let change): change.contact
        case .salesforceRecordMerged(let merge): merge.contact
        case .salesforceRecordDeleted(let deletion): deletion.contact
        case .customFieldDefined, .settingsChanged, .salesforceConnected, .salesforceDisconnected: nil
        }
    }
}
