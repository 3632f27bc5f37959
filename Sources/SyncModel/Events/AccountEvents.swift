/// `custom_field.defined`: an Avochato custom field and the Salesforce field it maps to.
public struct CustomFieldDefinition: Sendable, Hashable {
    public var key: String
    public var label: String
    /// The Salesforce field's API name; nil for a field that is not synced.
    public var salesforceField: String?
    /// Which way the field syncs; `both` unless the event said otherwise.
    public var direction: SyncDirection

    public init(key: String, label: String, salesforceField: String?, direction: SyncDirection = .both) {
        self.key = key
        self.label = label
        self.salesforceField = salesforceField
        self.direction = direction
    }
}

/// Which kind of Salesforce org an account is connected to.
public enum SalesforceEnvironment: String, Sendable, Hashable, CaseIterable {
    case production
    case sandbox
}

/// `salesforce.connected`: the account's org. Never a secret: credentials live in the data
/// directory's `credentials/`, not in the log.
public struct SalesforceConnection: Sendable, Hashable {
    public var environment: SalesforceEnvironment
    public var instanceURL: String
    public var orgID: String?

    public init(environment: SalesforceEnvironment, instanceURL: String, orgID: String? = nil) {
        self.environment = environment
        self.instanceURL = instanceURL
        self.orgID = orgID
    }
}
