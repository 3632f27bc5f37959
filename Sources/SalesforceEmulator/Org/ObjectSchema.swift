/// An sObject type: its flags, as describe reports them, and its fields.
public struct ObjectSchema: Sendable {
    public var name: String
    public var label: String
    public var labelPlural: String
    public var keyPrefix: String
    public var searchable: Bool
    public var feedEnabled: Bool
    /// Whether Tasks may point at it through WhatId (Salesforce's "Allow Activities").
    public var allowsActivities: Bool
    /// Fields a validation rule demands on create although describe calls them nillable, as
    /// Salesforce demands Company of a Lead.
    public var requiredByRule: [String]
    /// Fields in describe order.
    public private(set) var fields: [FieldSchema]
    private var indexByName: [String: Int] = [:]
    private var indexByLowercasedName: [String: Int] = [:]

    // Derived once, because every write consults them.
    /// The lower-cased name, which keys the org's indexes.
    let key: String
    let externalIDFieldNames: [String]
    let uniqueFieldNames: [String]
    let phoneFieldNames: [String]
    /// Values set on create when the client gives none (booleans default to false).
    let defaults: [(name: String, value: JSON)]
    /// Fields a create must give: not nillable and not defaulted, or required by a rule.
    let requiredFieldNames: [String]
    let computedFields: [(name: String, value: ComputedValue)]

    public var custom: Bool { name.hasSuffix("__c") }

    init(
        name: String,
        label: String,
        labelPlural: String,
        keyPrefix: String,
        searchable: Bool,
        feedEnabled: Bool,
        allowsActivities: Bool,
        requiredByRule: [String],
        fields: [FieldSchema]
    ) {
        self.name = name
        self.label = label
        self.labelPlural = labelPlural
        self.keyPrefix = keyPrefix
        self.searchable = searchable
        self.feedEnabled = feedEnabled
        self.allowsActivities = allowsActivities
        self.requiredByRule = requiredByRule
        self.fields = fields
        key = name.lowercased()
        externalIDFieldNames = fields.filter(\.externalID).map(\.name)
        uniqueFieldNames = fields.filter(\.unique).map(\.name)
        phoneFieldNames = fields.filter { $0.type == .phone }.map(\.name)
        defaults = fields.compactMap { field in
            if let value = field.defaultValue { return (field.name, value) }
            return field.type == .boolean && !field.isSystem && field.computed == nil ? (field.name, .bool(false)) : nil
        }
        requiredFieldNames = fields.filter { $0.requiredOnCreate || requiredByRule.contains($0.name) }.map(\.name)
        computedFields = fields.compactMap { field in field.computed.map { (field.name, $0) } }
        for (index, field) in fields.enumerated() {
            indexByName[field.name] = index
            indexByLowercasedName[field.name.lowercased()] = index
        }
    }

    /// The field named `name`, ignoring case as Salesforce does.
    public func field(named name: String) -> FieldSchema? {
        (indexByName[name] ?? indexByLowercasedName[name.lowercased()]).map { fields[$0] }
    }

    /// Replaces a field's `referenceTo` (used to list the objects that allow activities).
    mutating func setReferenceTo(_ objects: [String], ofField name: String) {
        guard let index = indexByLowercasedName[name.lowercased()] else { return }
        fields[index].referenceTo = objects
    }

    /// The phone-type fields.
    var phoneFields: [FieldSchema] { phoneFieldNames.compactMap { field(named: $0) } }

    /// Text fields that SOSL's NAME FIELDS searches.
    var nameFields: [FieldSchema] {
        fields.filter { ["name", "firstname", "lastname", "company"].contains($0.name.lowercased()) }
    }

    /// Sets the values the org computes from the others: a Lead's or Contact's `Name`, a Task's
    /// `IsClosed`.
    func computeValues(_ fields: inout [String: JSON]) {
        for (name, computed) in computedFields {
            switch computed {
            case .fullName:
                let parts = [fields["FirstName"]?.stringValue, fields["LastName"]?.stringValue]
                fields[name] = .string(parts.compactMap { $0 }.joined(separator: " "))
            case .isClosed:
                fields[name] = .bool(fields["Status"]?.stringValue == "Completed")
            }
        }
    }
}
