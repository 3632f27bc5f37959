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

    public static func < (lhs: ContactField, rhs: ContactField) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
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
    /// Standard fields named by the event; nil clears. Phones are E.164.
    public var fields: [ContactField: String?]
    /// Custom fields named by the event, by key; nil clears.
    public var customFields: [String: CustomFieldValue?]

    public init(contact: String, fields: [ContactField: String?] = [:], customFields: [String: CustomFieldValue?] = [:])
    {
        self.contact = contact
        self.fields = fields
        self.customFields = customFields
    }
}
