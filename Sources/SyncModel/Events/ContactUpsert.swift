/// The contact fields Avochato knows and Salesforce has a standard field for.
public enum ContactField: String, Sendable, CaseIterable, Hashable, Comparable {
    case phone
    case mobilePhone = "mobile_phone"
    case firstName = "first_name"
    case lastName = "last_name"
    case email
    case company
    case rating

    /// Whether values are phone numbers, stored in E.164.
    public var isPhone: Bool { self == .phone || self == .mobilePhone }

    /// The field's number in stored records and snapshots (and its place in every listing).
    @inlinable public var storedCode: UInt8 {
        switch self {
        case .phone: 0
        case .mobilePhone: 1
        case .firstName: 2
        case .lastName: 3
        case .email: 4
        case .company: 5
        case .rating: 6
        }
    }

    /// The field numbered `storedCode`, if any.
    @inlinable public init?(storedCode: UInt8) {
        switch storedCode {
        case 0: self = .phone
        case 1: self = .mobilePhone
        case 2: self = .firstName
        case 3: self = .lastName
        case 4: self = .email
        case 5: self = .company
        case 6: self = .rating
        default: return nil
        }
    }

    public static func < (lhs: ContactField, rhs: ContactField) -> Bool { lhs.storedCode < rhs.storedCode }
}

/// A custom field's value: what JSON can say, without loss.
public enum CustomFieldValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
}

/// `contact.upserted`: a partial update of a contact. A key present with a value sets it, present
/// with nil clears it, absent leaves it as it was.
public struct ContactUpsert: Sendable, Hashable {
    public var contact: String
    /// Standard fields named by the event; a present nil clears. Phones are E.164.
    public var fields: ContactFieldMap<String?>
    /// Custom fields named by the event, by key; nil clears.
    public var customFields: [String: CustomFieldValue?]

    public init(
        contact: String,
        fields: ContactFieldMap<String?> = [:],
        customFields: [String: CustomFieldValue?] = [:]
    ) {
        self.contact = contact
        self.fields = fields
        self.customFields = customFields
    }
}
