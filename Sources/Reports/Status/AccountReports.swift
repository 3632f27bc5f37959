public import Projection
public import SyncModel

/// The JSON and text views of one account's state that `status`, `settings` and `links` print.
public enum AccountReports {
    /// One setting of an account: its value, and whether it is the default or which event set it.
    public struct Setting: Sendable {
        public let name: SettingName
        public let value: JSONValue
        /// The offset of the `settings.changed` event that set it; nil for the default.
        public let changedAtOffset: UInt64?
        public let isDefault: Bool

        /// The value as text: what `status` prints.
        public var text: String { value.plainText }
    }

    /// The account's settings in force, in the order `status` lists them.
    public static func settings(_ account: AccountState) -> [Setting] {
        let settings = account.settings
        let values: [(SettingName, JSONValue)] = [
            (.syncObject, .string(settings.syncObject.description)),
            (.phoneField, .string(settings.phoneField.description)),
            (.createMissingRecords, .bool(settings.createMissingRecords)),
            (.syncFieldUpdates, .bool(settings.syncFieldUpdates)),
            (.defaultCountry, .string(settings.defaultCountry.code)),
            (.importSalesforceChanges, .bool(settings.importSalesforceChanges)),
        ]
        return values.map { name, value in
            Setting(
                name: name,
                value: value,
                changedAtOffset: account.settingsChangedAt[name],
                isDefault: account.isDefault(name)
            )
        }
    }

    public static func settingsJSON(_ account: AccountState) -> JSONValue {
        .object(
            settings(account).map { setting in
                var members = [JSONMember("value", setting.value), JSONMember("default", .bool(setting.isDefault))]
                if let offset = setting.changedAtOffset {
                    members.append(JSONMember("changed_at_offset", .integer(Int64(offset))))
                }
                return JSONMember(setting.name.rawValue, .object(members))
            }
        )
    }

    public static func settingsLines(_ account: AccountState) -> [String] {
        settings(account).map { setting in
            let source = setting.changedAtOffset.map { "set by the event at offset \($0)" } ?? "default"
            return padded(setting.name.rawValue, 24) + padded(setting.text, 24) + "(\(source))"
        }
    }

    public static func customFieldsJSON(_ account: AccountState) -> JSONValue {
        .array(
            account.customFields.values.sorted { $0.key < $1.key }.map {
                .object([
                    JSONMember("key", .string($0.key)), JSONMember("label", .string($0.label)),
                    JSONMember("salesforce_field", .optional($0.salesforceField)),
                    JSONMember("direction", .string($0.direction.rawValue)),
                ])
            }
        )
    }

    public static func connectionJSON(_ account: AccountState) -> JSONValue {
        guard let connection = account.connection else { return .null }
        return .object([
            JSONMember("environment", .string(connection.environment.rawValue)),
            JSONMember("instance_url", .string(connection.instanceURL)),
            JSONMember("org_id", .optional(connection.orgID)),
        ])
    }

    public static func connectionText(_ account: AccountState) -> String {
        guard let connection = account.connection else { return "not connected" }
        return "\(connection.environment.rawValue) \(connection.instanceURL)"
            + (connection.orgID.map { " (org \($0))" } ?? "")
    }

    /// Links sorted by contact id.
    public static func links(_ account: AccountState) -> [(contact: String, record: RecordReference)] {
        account.contacts.linked.sorted { $0.contact < $1.contact }
    }
}
