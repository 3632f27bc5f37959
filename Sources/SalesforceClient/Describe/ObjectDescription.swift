/// What the global describe says of one object.
public struct ObjectSummary: Sendable, Hashable, Codable {
    public var name: String
    public var label: String
    public var custom: Bool
    public var searchable: Bool
    public var feedEnabled: Bool
}

/// What an object's describe says of one field.
public struct FieldDescription: Sendable, Hashable, Codable {
    public var name: String
    public var label: String
    /// `string`, `phone`, `email`, `picklist`, `reference`, `boolean`, ...
    public var type: String
    /// Maximum length of text fields; 0 for others.
    public var length: Int
    public var nillable: Bool
    public var createable: Bool
    public var updateable: Bool
    public var externalId: Bool
    public var unique: Bool
    public var defaultedOnCreate: Bool
    public var calculated: Bool
    public var referenceTo: [String]

    /// Whether a create must give this field a value: not nillable, writable, and given no default.
    public var isRequiredOnCreate: Bool {
        !nillable && createable && !defaultedOnCreate && !calculated && type != "boolean"
    }
}

/// One child relationship of an object (`Tasks` on an object that allows activities).
public struct ChildRelationship: Sendable, Hashable, Codable {
    public var childSObject: String
    public var field: String
    public var relationshipName: String?
}

/// An object's describe: its flags and fields.
public struct ObjectDescription: Sendable, Hashable, Codable {
    public var name: String
    public var label: String
    public var custom: Bool
    public var searchable: Bool
    public var feedEnabled: Bool
    public var fields: [FieldDescription]
    public var childRelationships: [ChildRelationship]

    /// The field named `name`, if the object has it.
    public func field(_ name: String) -> FieldDescription? { fields.first { $0.name == name } }

    /// Phone-type fields, in describe order.
    public var phoneFields: [FieldDescription] { fields.filter { $0.type == "phone" } }

    /// Whether Tasks may relate to this object (Salesforce's "Allow Activities"): Task's WhatId
    /// (or, for Leads and Contacts, WhoId) refers to it, which shows here as a child relationship.
    public var allowsActivities: Bool {
        childRelationships.contains { $0.childSObject == "Task" && ($0.field == "WhatId" || $0.field == "WhoId") }
    }
}

struct GlobalDescribe: Decodable {
    var sobjects: [ObjectSummary]
}
