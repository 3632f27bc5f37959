/// What one scenario left behind, read back from the org and the data directory.
public struct ScenarioObservation: Sendable, Equatable {
    public var accounts: [AccountObservation]
    public var contacts: [ContactObservation]
}

/// One account's state after the sync.
public struct AccountObservation: Sendable, Equatable {
    public var account: String
    /// `production` or `sandbox`, from the `salesforce.connected` event; nil when not connected.
    public var environment: String?
    public var parked: [ParkedEvent]
    public var deadLetters: [DeadLetterEvent]
    /// Parked events after the first sync, when the scenario had a second one.
    public var parkedAfterFirstSync: Int?
    public var blockedReason: String?
}

public struct ParkedEvent: Sendable, Equatable {
    public var offset: UInt64
    public var contact: String?
    public var reason: String
}

public struct DeadLetterEvent: Sendable, Equatable {
    public var offset: UInt64
    public var contact: String?
    public var errorCode: String
    public var message: String
}

/// One contact: its link, the linked record's synced fields and the Tasks on it.
public struct ContactObservation: Sendable, Equatable {
    public var account: String
    public var contact: String
    public var record: LinkedRecord?
}

public struct LinkedRecord: Sendable, Equatable {
    public var object: String
    public var id: String
    /// How the link was last made: `created`, `matched`, `ambiguous` or `followed_conversion`.
    public var how: String
    /// The synced fields as Salesforce holds them, nil for empty; in a stable order.
    public var fields: [(name: String, value: String?)]
    public var tasks: [ObservedTask]
    /// Fields the dispatcher skipped on this record, with why.
    public var skipped: [String: String]

    public static func == (lhs: LinkedRecord, rhs: LinkedRecord) -> Bool {
        lhs.object == rhs.object && lhs.id == rhs.id && lhs.how == rhs.how && lhs.tasks == rhs.tasks
            && lhs.skipped == rhs.skipped && lhs.fields.map(\.name) == rhs.fields.map(\.name)
            && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    public func value(of field: String) -> String?? {
        fields.first { $0.name == field }.map(\.value)
    }
}

public struct ObservedTask: Sendable, Equatable {
    public var id: String
    public var subject: String
    public var status: String
    public var isClosed: Bool
    /// `Avochato_Event_Id__c`: account and event id.
    public var eventID: String?
}
