public import SyncModel

/// Everything avosync knows from its two logs, folded up to an offset of each.
///
/// The events log owns settings, custom fields, connections and contacts' fields; the sync log
/// owns links, parked activities, dead letters and checkpoints. Because no piece of state is
/// written by both, folding either log first gives the same state, and a snapshot may cover any
/// pair of offsets.
public struct ProjectionState: Sendable, Equatable {
    /// The events-log offset the next event to fold has.
    public var eventsNextOffset: UInt64 = 0
    /// The sync-log offset the next outcome to fold has.
    public var syncNextOffset: UInt64 = 0
    /// Per account, by account name.
    public var accounts: [String: AccountState] = [:]
    /// Records of either log this version cannot interpret (written by a newer avosync).
    public var unknownRecords: UInt64 = 0

    public init() {}

    /// Gives back the memory every account's contacts keep for growth (after a load).
    public mutating func compactContacts() {
        for index in accounts.indices { accounts.values[index].contacts.compact() }
    }

    /// The state of `account`, or a new account's (default settings, nothing else).
    public func account(_ name: String) -> AccountState { accounts[name] ?? AccountState() }
}

/// One account's state.
public struct AccountState: Sendable, Equatable {
    /// The settings in force.
    public var settings = AccountSettings.defaults
    /// For each setting changed by a `settings.changed` event, that event's offset; the others are defaults.
    public var settingsChangedAt: [SettingName: UInt64] = [:]
    /// Custom field definitions by key.
    public var customFields: [String: CustomFieldDefinition] = [:]
    /// The Salesforce org, while connected. Never a secret.
    public var connection: SalesforceConnection?
    /// Contacts Avochato described (`contact.upserted`) or the dispatcher linked, by id.
    public var contacts = ContactStore()
    /// Events of this account in the events log.
    public var events: UInt64 = 0
    /// Calls, texts and notes among them.
    public var activities: UInt64 = 0
    /// Offset of the account's latest event.
    public var lastEventOffset: UInt64?
    /// How far the dispatcher has come for this account.
    public var checkpoint: Checkpoint?
    /// Activities waiting for their contact to be linked, by event offset.
    public var parked: [UInt64: ParkedActivity] = [:]
    /// Events Salesforce refused for good, by event offset.
    public var deadLetters: [UInt64: DeadLetter] = [:]
    /// Dead letters queued again and not yet answered, by event offset.
    public var redriven: Set<UInt64> = []
    /// Why new look-ups are blocked, while they are.
    public var blockedReason: String?
    /// Why dispatch is paused, while it is.
    public var pausedReason: String?
    /// When the pause ends, when the dispatcher said so.
    public var pausedUntil: EventTime?
    /// Why the account's events could not reach its org, while they cannot.
    public var failure: LaneFailure?
    /// The latest problem the dispatcher reported for this account.
    public var lastError: String?
    /// When the account's first link was made: change capture reads changes from then on, for
    /// objects it has no cursor for yet.
    public var captureFrom: EventTime?
    /// How far change capture has read each object's changes (Salesforce's SystemModstamp).
    public var captureCursors: [String: EventTime] = [:]

    public init() {}

    /// Events not yet answered by the dispatcher.
    public var pendingEvents: UInt64 { events - min(events, checkpoint?.dispatched ?? 0) }

    /// Contacts linked to a record.
    public var linkCount: Int { contacts.linkCount }

    /// Whether `setting` still has its default (no `settings.changed` has named it).
    public func isDefault(_ setting: SettingName) -> Bool { settingsChangedAt[setting] == nil }
}

/// One contact's state.
public struct ContactState: Sendable, Equatable {
    /// Latest standard fields (phones in E.164); cleared fields are absent.
    public var fields = ContactFieldMap<String>()
    /// Latest custom field values by key; cleared ones are absent.
    public var customFields: [String: CustomFieldValue] = [:]
    /// The record the contact is linked to, once linked.
    public var link: RecordReference?
    /// Offset of the contact's latest `contact.upserted` or `salesforce.record_changed`.
    public var lastEventOffset: UInt64?
    /// Calls, texts and notes written as Tasks (the record's activity count).
    public var activityCount: UInt64 = 0
    /// What the linked record's fields hold as far as avosync knows, by API name (empty ones are
    /// absent): what it wrote there, read when it linked, or brought back. A polled value equal
    /// to one of these is avosync's own, not a change.
    public var salesforceValues: [String: String] = [:]

    public init() {}
}

/// The dispatcher could not finish an account's events: why, since when, and when it tries again.
public struct LaneFailure: Sendable, Equatable {
    public var reason: String
    /// When the failure was first recorded (the same reason again keeps it).
    public var since: EventTime
    /// When the dispatcher tries again; nil: at its next run.
    public var retryAt: EventTime?

    public init(reason: String, since: EventTime, retryAt: EventTime?) {
        self.reason = reason
        self.since = since
        self.retryAt = retryAt
    }
}

/// The dispatcher's progress for one account.
public struct Checkpoint: Sendable, Equatable {
    /// Every event of the account below this offset has its outcome in the sync log.
    public var nextOffset: UInt64
    /// How many of the account's events that is.
    public var dispatched: UInt64

    public init(nextOffset: UInt64, dispatched: UInt64) {
        self.nextOffset = nextOffset
        self.dispatched = dispatched
    }
}

/// An activity waiting for a record.
public struct ParkedActivity: Sendable, Equatable {
    public var contact: String?
    public var reason: String

    public init(contact: String?, reason: String) {
        self.contact = contact
        self.reason = reason
    }
}

/// An event Salesforce refused for good.
public struct DeadLetter: Sendable, Equatable {
    public var contact: String?
    public var at: EventTime
    public var failure: SalesforceFailure

    public init(contact: String?, at: EventTime, failure: SalesforceFailure) {
        self.contact = contact
        self.at = at
        self.failure = failure
    }
}
