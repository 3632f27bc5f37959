/// A field's type, as describe names it.
public enum FieldType: String, Sendable, Codable, CaseIterable {
    case id, string, textarea, phone, email, url, picklist, boolean
    case int, double, currency, percent, date, datetime, reference

    /// Whether values are text (and so have a length and compare as text).
    var isText: Bool {
        switch self {
        case .id, .string, .textarea, .phone, .email, .url, .picklist, .reference: true
        default: false
        }
    }

    /// Whether values are numbers.
    var isNumber: Bool {
        switch self {
        case .int, .double, .currency, .percent: true
        default: false
        }
    }

    /// The SOAP type describe reports next to the type.
    var soapType: String {
        switch self {
        case .id, .reference: "tns:ID"
        case .boolean: "xsd:boolean"
        case .int: "xsd:int"
        case .double, .currency, .percent: "xsd:double"
        case .date: "xsd:date"
        case .datetime: "xsd:dateTime"
        default: "xsd:string"
        }
    }
}

/// Values the org computes itself; a client can read them but never write them.
public enum ComputedValue: String, Sendable, Codable {
    /// `Name` of a Lead or Contact: FirstName and LastName joined by a space.
    case fullName = "full_name"
    /// `IsClosed` of a Task: whether Status is "Completed".
    case isClosed = "is_closed"
}

/// One field of an object, with the flags describe reports for it.
public struct FieldSchema: Sendable {
    public var name: String
    public var label: String
    public var type: FieldType
    /// Maximum length in characters for text; 0 otherwise.
    public var length: Int
    public var nillable: Bool
    public var createable: Bool
    public var updateable: Bool
    public var externalID: Bool
    public var unique: Bool
    public var referenceTo: [String]
    public var relationshipName: String?
    public var picklistValues: [String]
    /// A restricted picklist refuses values outside its list.
    public var restrictedPicklist: Bool
    /// The value set on create when the client gives none.
    public var defaultValue: JSON?
    public var computed: ComputedValue?
    /// System fields (Id, CreatedDate, ...) are set by the org alone.
    public var isSystem: Bool

    public var custom: Bool { name.hasSuffix("__c") }

    /// Whether a create must name the field: not nillable, and neither defaulted nor set by the org.
    var requiredOnCreate: Bool {
        !nillable && createable && defaultValue == nil && type != .boolean
    }

    /// Whether describe calls the field defaulted on create.
    var defaultedOnCreate: Bool {
        defaultValue != nil || isSystem || type == .boolean
    }
}
