public import SalesforceClient
public import SyncModel

/// An Avochato contact field: one of the standard seven, or a custom field by key.
public enum ContactFieldKey: Sendable, Hashable {
    case standard(ContactField)
    case custom(String)
}

/// Which record fields carry which contact fields, for one object and one account's settings:
/// what field sync writes, and what change capture brings back.
public struct SyncedFields: Sendable {
    /// API name -> the contact field it carries, for the fields whose Salesforce changes come
    /// back: the standard fields the object has, and mapped custom fields whose direction is
    /// `both` or `from_salesforce`.
    public private(set) var comingBack: [String: ContactFieldKey] = [:]
    /// Of those, the ones holding phone numbers (compared by number, not by spelling).
    public private(set) var phoneFields: Set<String> = []

    public init(
        object: ObjectDescription,
        settings: AccountSettings,
        customFields: [String: CustomFieldDefinition]
    ) {
        let phoneField = Self.phoneField(of: object, settings: settings)
        for field in ContactField.allCases {
            let name = FieldMapping.salesforceName(field, on: object, phoneField: phoneField)
            guard object.field(name) != nil, comingBack[name] == nil else { continue }
            comingBack[name] = .standard(field)
            if field.isPhone { phoneFields.insert(name) }
        }
        for definition in customFields.values.sorted(by: { $0.key < $1.key }) where definition.direction.comesBack {
            guard let name = definition.salesforceField, object.field(name) != nil, comingBack[name] == nil else {
                continue
            }
            comingBack[name] = .custom(definition.key)
        }
    }

    /// The field a custom target keeps the contact's phone in, when it has no `Phone`: the
    /// account's chosen phone field when this object is its target, else the first phone field.
    public static func phoneField(of object: ObjectDescription, settings: AccountSettings) -> String? {
        if case .object(let name) = settings.syncObject, name == object.name {
            if case .field(let field) = settings.phoneField { return field }
            return object.phoneFields.first?.name
        }
        return object.field("Phone") == nil ? object.phoneFields.first?.name : nil
    }

    /// The record values worth remembering (what capture compares against), as text.
    public func known(_ values: [String: SalesforceValue]) -> [String: String?] {
        var known: [String: String?] = [:]
        for (name, value) in values where comingBack[name] != nil { known[name] = .some(Self.text(value)) }
        return known
    }

    /// A field value as text for comparisons: nil for empty; numbers without a needless `.0`.
    public static func text(_ value: SalesforceValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text.isEmpty ? nil : text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .array, .object: return nil
        }
    }

    /// A contact's custom value as text, as `text(_:)` would give Salesforce's.
    public static func text(_ value: CustomFieldValue?) -> String? { text(FieldMapping.value(value)) }
}
