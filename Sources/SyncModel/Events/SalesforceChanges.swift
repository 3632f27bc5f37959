/// `salesforce.record_changed`: a person changed a linked record in Salesforce; the values come
/// back to the contact. Only avosync writes these (change capture), never `append`.
public struct SalesforceRecordChange: Sendable, Hashable {
    public var contact: String
    /// The record that changed.
    public var record: RecordReference
    /// Standard fields whose Salesforce value changed, by Avochato field; nil: cleared. Phones are E.164.
    public var fields: ContactFieldMap<String?>
    /// Mapped custom fields whose Salesforce value changed, by Avochato key; nil: cleared.
    public var customFields: [String: CustomFieldValue?]

    public init(
        contact: String,
        record: RecordReference,
        fields: ContactFieldMap<String?> = [:],
        customFields: [String: CustomFieldValue?] = [:]
    ) {
        self.contact = contact
        self.record = record
        self.fields = fields
        self.customFields = customFields
    }

    /// The change as a partial update of the contact: what Avochato should now show.
    public var asUpsert: ContactUpsert { ContactUpsert(contact: contact, fields: fields, customFields: customFields) }
}

/// `salesforce.record_merged`: a person merged the contact's record into another; the link moves
/// to the surviving record.
public struct SalesforceRecordMerge: Sendable, Hashable {
    public var contact: String
    /// The record merged away (now deleted).
    public var record: RecordReference
    /// The surviving record's id (same object).
    public var mergedInto: String

    public init(contact: String, record: RecordReference, mergedInto: String) {
        self.contact = contact
        self.record = record
        self.mergedInto = mergedInto
    }
}

/// `salesforce.record_deleted`: a person deleted the contact's record; the link ends, and the
/// contact's next events look up (or create) a record as for a new contact.
public struct SalesforceRecordDeletion: Sendable, Hashable {
    public var contact: String
    public var record: RecordReference

    public init(contact: String, record: RecordReference) {
        self.contact = contact
        self.record = record
    }
}

/// Which way a mapped custom field syncs (Avochato's field direction).
public enum SyncDirection: String, Sendable, Hashable, CaseIterable {
    /// Both ways (the default): Avochato's edits are written, Salesforce's come back.
    case both
    /// Avochato's edits are written; Salesforce's do not come back.
    case toSalesforce = "to_salesforce"
    /// Salesforce's edits come back; Avochato's are not written.
    case fromSalesforce = "from_salesforce"
    /// Neither.
    case none

    /// Whether Avochato's values are written to Salesforce.
    public var writesToSalesforce: Bool { self == .both || self == .toSalesforce }
    /// Whether Salesforce's changes come back to Avochato.
    public var comesBack: Bool { self == .both || self == .fromSalesforce }

    /// The number stored records use.
    var storedCode: UInt8 {
        switch self {
        case .both: 0
        case .toSalesforce: 1
        case .fromSalesforce: 2
        case .none: 3
        }
    }

    init?(storedCode: UInt8) {
        guard let match = Self.allCases.first(where: { $0.storedCode == storedCode }) else { return nil }
        self = match
    }
}
