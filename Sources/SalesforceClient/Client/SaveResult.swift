/// Salesforce's answer for one record of a write: its id, whether it was created, or why not.
public struct SaveResult: Sendable, Hashable {
    public var id: String?
    public var success: Bool
    /// For upserts: true when the record was created, false when an existing one was updated.
    public var created: Bool?
    public var errors: [SalesforceErrorItem]

    public init(id: String?, success: Bool, created: Bool? = nil, errors: [SalesforceErrorItem] = []) {
        self.id = id
        self.success = success
        self.created = created
        self.errors = errors
    }

    init(_ value: SalesforceValue) {
        id = value["id"]?.string
        success = value["success"]?.bool ?? false
        created = value["created"]?.bool
        errors = (value["errors"]?.array ?? []).map(SalesforceErrorItem.init)
    }
}

extension SalesforceErrorItem {
    /// An error entry of a result or a subrequest (`statusCode` in results, `errorCode` elsewhere).
    init(_ value: SalesforceValue) {
        self.init(
            errorCode: value["statusCode"]?.string ?? value["errorCode"]?.string ?? "UNKNOWN_ERROR",
            message: value["message"]?.string ?? "",
            fields: (value["fields"]?.array ?? []).compactMap(\.string)
        )
    }
}

/// A record to write: its object and fields (and, for updates, its id).
public struct RecordWrite: Sendable, Hashable {
    public var object: APIName
    public var id: String?
    public var fields: [String: SalesforceValue]

    public init(object: APIName, id: String? = nil, fields: [String: SalesforceValue]) {
        self.object = object
        self.id = id
        self.fields = fields
    }

    /// A collection request's body.
    static func collectionBody(_ records: [RecordWrite], allOrNone: Bool) -> SalesforceValue {
        .object(["allOrNone": .bool(allOrNone), "records": .array(records.map(\.collectionElement))])
    }

    /// The record as a collection element: `attributes.type`, the id if any, the fields.
    var collectionElement: SalesforceValue {
        var members = fields
        members["attributes"] = .object(["type": .string(object.rawValue)])
        if let id { members["Id"] = .string(id) }
        return .object(members)
    }
}
