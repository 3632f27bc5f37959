/// One record as the REST API returns it: its fields by API name, plus its type and id.
public struct SalesforceRecord: Sendable, Hashable {
    /// Every member Salesforce returned, `attributes` removed.
    public var fields: [String: SalesforceValue]
    /// The object's API name, from `attributes.type`.
    public var type: String

    public init(type: String, fields: [String: SalesforceValue]) {
        self.type = type
        self.fields = fields
    }

    /// Reads a record from a query or search result.
    init?(_ value: SalesforceValue) {
        guard var members = value.object, let type = members["attributes"]?["type"]?.string else { return nil }
        members["attributes"] = nil
        self.init(type: type, fields: members)
    }

    /// The 18-character record id.
    public var id: String? { fields["Id"]?.string }

    /// Field `name`'s value; `.null` when absent.
    public subscript(name: String) -> SalesforceValue { fields[name] ?? .null }
}
