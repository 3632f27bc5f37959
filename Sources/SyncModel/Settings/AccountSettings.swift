/// Where an account's contacts are looked up and created in Salesforce.
public enum SyncTarget: Sendable, Hashable, CustomStringConvertible {
    /// Leads and Contacts (the article's "Default").
    case leadsAndContacts
    /// One object, standard or custom, by API name (`AvoCustomer__c`).
    case object(String)

    /// The contract's spelling: `"default"` or the object's API name.
    public var description: String {
        switch self {
        case .leadsAndContacts: "default"
        case .object(let name): name
        }
    }
}

/// Which phone field of the target identifies a record.
public enum PhoneFieldChoice: Sendable, Hashable, CustomStringConvertible {
    /// Phone or MobilePhone for Leads and Contacts; the object's searchable phone field otherwise.
    case automatic
    /// One field, by API name (`CustomPhoneNumber__c`).
    case field(String)

    /// The contract's spelling: `"default"` or the field's API name.
    public var description: String {
        switch self {
        case .automatic: "default"
        case .field(let name): name
        }
    }
}

/// One account's Salesforce settings. Every account has its own; a new one starts from `defaults`.
public struct AccountSettings: Sendable, Hashable {
    public var syncObject: SyncTarget
    public var phoneField: PhoneFieldChoice
    /// Create a record when no record matches a contact.
    public var createMissingRecords: Bool
    /// Write Avochato's fields to the linked record.
    public var syncFieldUpdates: Bool
    /// The country of phone numbers written without a country code.
    public var defaultCountry: CountryCode
    /// Bring changes made in Salesforce to linked records back into the events log (two-way sync).
    public var importSalesforceChanges: Bool

    public init(
        syncObject: SyncTarget,
        phoneField: PhoneFieldChoice,
        createMissingRecords: Bool,
        syncFieldUpdates: Bool,
        defaultCountry: CountryCode,
        importSalesforceChanges: Bool = true
    ) {
        self.syncObject = syncObject
        self.phoneField = phoneField
        self.createMissingRecords = createMissingRecords
        self.syncFieldUpdates = syncFieldUpdates
        self.defaultCountry = defaultCountry
        self.importSalesforceChanges = importSalesforceChanges
    }

    /// The settings of an account nobody has configured: Leads and Contacts by Phone or
    /// MobilePhone, records created when missing, field updates synced, phones read as US numbers,
    /// Salesforce's changes brought back.
    public static let defaults = AccountSettings(
        syncObject: .leadsAndContacts,
        phoneField: .automatic,
        createMissingRecords: true,
        syncFieldUpdates: true,
        defaultCountry: .unitedStates,
        importSalesforceChanges: true
    )

    /// These settings with the values a `settings.changed` event names; the others are kept.
    public func applying(_ change: SettingsChange) -> AccountSettings {
        var result = self
        if let value = change.syncObject { result.syncObject = value }
        if let value = change.phoneField { result.phoneField = value }
        if let value = change.createMissingRecords { result.createMissingRecords = value }
        if let value = change.syncFieldUpdates { result.syncFieldUpdates = value }
        if let value = change.defaultCountry { result.defaultCountry = value }
        if let value = change.importSalesforceChanges { result.importSalesforceChanges = value }
        return result
    }
}

/// The names of the settings, as the contract spells them.
public enum SettingName: String, Sendable, CaseIterable, Hashable {
    case syncObject = "sync_object"
    case phoneField = "phone_field"
    case createMissingRecords = "create_missing_records"
    case syncFieldUpdates = "sync_field_updates"
    case defaultCountry = "default_country"
    case importSalesforceChanges = "import_salesforce_changes"
}

/// A partial change of settings: nil leaves a setting as it was.
public struct SettingsChange: Sendable, Hashable {
    public var syncObject: SyncTarget?
    public var phoneField: PhoneFieldChoice?
    public var createMissingRecords: Bool?
    public var syncFieldUpdates: Bool?
    public var defaultCountry: CountryCode?
    public var importSalesforceChanges: Bool?

    public init(
        syncObject: SyncTarget? = nil,
        phoneField: PhoneFieldChoice? = nil,
        createMissingRecords: Bool? = nil,
        syncFieldUpdates: Bool? = nil,
        defaultCountry: CountryCode? = nil,
        importSalesforceChanges: Bool? = nil
    ) {
        self.syncObject = syncObject
        self.phoneField = phoneField
        self.createMissingRecords = createMissingRecords
        self.syncFieldUpdates = syncFieldUpdates
        self.defaultCountry = defaultCountry
        self.importSalesforceChanges = importSalesforceChanges
    }

    /// The settings this change names.
    public var names: [SettingName] {
        var names: [SettingName] = []
        if syncObject != nil { names.append(.syncObject) }
        if phoneField != nil { names.append(.phoneField) }
        if createMissingRecords != nil { names.append(.createMissingRecords) }
        if syncFieldUpdates != nil { names.append(.syncFieldUpdates) }
        if defaultCountry != nil { names.append(.defaultCountry) }
        if importSalesforceChanges != nil { names.append(.importSalesforceChanges) }
        return names
    }
}
