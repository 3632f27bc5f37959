/// A Salesforce record: its object's API name and its 18-character id.
public struct RecordReference: Sendable, Hashable, CustomStringConvertible {
    public var object: String
    public var id: String

    public init(object: String, id: String) {
        self.object = object
        self.id = id
    }

    public var description: String { "\(object) \(id)" }
}

/// What the dispatcher did about an event (or an account), as the sync log keeps it.
///
/// Outcomes are facts too: the projection folds them into links, parked activities, dead letters
/// and checkpoints, and auditors read them beside the events they answer.
public struct Outcome: Sendable, Hashable {
    public var account: String
    /// When the dispatcher did it.
    public var at: EventTime
    /// The events-log offset of the event this answers; nil for account-wide outcomes.
    public var eventOffset: UInt64?
    /// The contact concerned, if any.
    public var contact: String?
    public var kind: OutcomeKind

    public init(account: String, at: EventTime, eventOffset: UInt64? = nil, contact: String? = nil, kind: OutcomeKind) {
        self.account = account
        self.at = at
        self.eventOffset = eventOffset
        self.contact = contact
        self.kind = kind
    }
}

/// How a contact came to be linked to a record.
public enum LinkReason: Sendable, Hashable {
    /// One record matched the contact's phone.
    case matched
    /// Several matched; `record` was chosen by the tie-break rule and the others are listed.
    case ambiguous(others: [RecordReference])
    /// No record matched and one was created.
    case created
    /// The linked Lead was converted; the link followed it to the Contact it became.
    case followedConversion(from: RecordReference)
    /// A person merged the linked record (`from`) into this one in Salesforce.
    case merged(from: RecordReference)
}

/// The kinds of outcome.
public enum OutcomeKind: Sendable, Hashable {
    /// The contact is now linked to `record` (kept forever, but for a converted Lead).
    case linked(record: RecordReference, reason: LinkReason)
    /// Fields written to the record, and fields skipped with why.
    case fieldsWritten(record: RecordReference, written: [String], skipped: [SkippedField])
    /// The activity event became the closed Task `taskID` on `record`.
    case taskWritten(record: RecordReference, taskID: String)
    /// The activity waits for its contact to be linked.
    case parked(reason: String)
    /// Salesforce refused the event for good; kept to be re-driven.
    case deadLettered(SalesforceFailure)
    /// A dead-lettered event was queued again.
    case redriven
    /// The account's new look-ups stop until its settings or org are fixed.
    case blocked(reason: String)
    /// The account's look-ups resume.
    case unblocked
    /// The account's org refused more calls today (REQUEST_LIMIT_EXCEEDED), or too little of its
    /// daily allowance is left; it resumes at `until` (older logs do not say when).
    case paused(reason: String, until: EventTime? = nil)
    /// The account's events could not reach its org (unreachable, failing); they wait, nothing is
    /// lost, and the dispatcher tries again at `retryAt` (nil: at the next run).
    case failing(reason: String, retryAt: EventTime?)
    /// Every event of the account below `nextOffset` has its outcome in the sync log;
    /// `dispatched` counts them.
    case checkpoint(nextOffset: UInt64, dispatched: UInt64)
    /// The contact's link to `record` ended (the record was deleted in Salesforce): its next
    /// events look up or create a record as for a new contact.
    case unlinked(record: RecordReference, reason: String)
    /// What the linked record's fields (API names) hold as far as avosync knows: values it wrote,
    /// read when it linked, or brought back. Change capture compares against them, so that
    /// avosync's own writes never come back as changes. nil: empty.
    case salesforceValues(record: RecordReference, values: [String: String?])
    /// Change capture has read `object`'s changes up to `through` (Salesforce's SystemModstamp);
    /// recorded once the events it produced are durable.
    case captured(object: String, through: EventTime)
}

/// A field the dispatcher did not write, and why.
public struct SkippedField: Sendable, Hashable {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// Salesforce's refusal, as its error body gave it.
public struct SalesforceFailure: Sendable, Hashable {
    public var errorCode: String
    public var message: String
    public var fields: [String]

    public init(errorCode: String, message: String, fields: [String] = []) {
        self.errorCode = errorCode
        self.message = message
        self.fields = fields
    }
}
