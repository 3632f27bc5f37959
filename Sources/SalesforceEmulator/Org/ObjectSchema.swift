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
    private var indexByLowercasedName: [String: Int]

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
        self.indexByLowercasedName = [:]
        for (index, field) in fields.enumerated() {
            indexByLowercasedName[field.name.lowercased()] = index
        }
    }

    /// The field named `name`, ignoring case as Salesforce does.
    public func field(named name: String) -> FieldSchema? {
        indexByLowercasedName[name.lowercased()].map { fields[$0] }
    }

    /// Replaces a field's `referenceTo` (used to list the objects that allow activities).
    mutating func setReferenceTo(_ objects: [String], ofField name: String) {
        guard let index = indexByLowercasedName[name.lowercased()] else { return }
        fields[index].referenceTo = objects
    }

    /// The phone-type fields.
    var phoneFields: [FieldSchema] { fields.filter { $0.type == .phone } }

    /// Text fields that SOSL's NAME FIELDS searches.
    var nameFields: [FieldSchema] {
        fields.filter { ["name", "firstname", "lastname", "company"].contains($0.name.lowercased()) }
    }
}
