import Projection
import SyncModel

/// The JSON and text views of one account's state that `status`, `settings` and `links` print.
enum AccountReports {
    static func settingsJSON(_ account: AccountState) -> JSONValue {
        let settings = account.settings
        func entry(_ name: SettingName, _ value: JSONValue) -> JSONMember {
            var members = [JSONMember("value", value), JSONMember("default", .bool(account.isDefault(name)))]
            if let offset = account.settingsChangedAt[name] {
                members.append(JSONMember("changed_at_offset", .integer(Int64(offset))))
            }
            return JSONMember(name.rawValue, .object(members))
        }
        return .object([
            entry(.syncObject, .string(settings.syncObject.description)),
            entry(.phoneField, .string(settings.phoneField.description)),
            entry(.createMissingRecords, .bool(settings.createMissingRecords)),
            entry(.syncFieldUpdates, .bool(settings.syncFieldUpdates)),
            entry(.defaultCountry, .string(settings.defaultCountry.code)),
            entry(.importSalesforceChanges, .bool(settings.importSalesforceChanges)),
        ])
    }

    static func settingsLines(_ account: AccountState) -> [String] {
        let settings = account.settings
        let values: [(SettingName, String)] = [
            (.syncObject, settings.syncObject.description), (.phoneField, settings.phoneField.description),
            (.createMissingRecords, "\(settings.createMissingRecords)"),
            (.syncFieldUpdates, "\(settings.syncFieldUpdates)"), (.defaultCountry, settings.defaultCountry.code),
            (.importSalesforceChanges, "\(settings.importSalesforceChanges)"),
        ]
        return values.map { name, value in
            let source = account.settingsChangedAt[name].map { "set by the event at offset \($0)" } ?? "default"
            return padded(name.rawValue, 24) + padded(value, 24) + "(\(source))"
        }
    }

    static func customFieldsJSON(_ account: AccountState) -> JSONValue {
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

    static func connectionJSON(_ account: AccountState) -> JSONValue {
        guard let connection = account.connection else { return .null }
        return .object([
            JSONMember("environment", .string(connection.environment.rawValue)),
            JSONMember("instance_url", .string(connection.instanceURL)),
            JSONMember("org_id", .optional(connection.orgID)),
        ])
    }

    static func connectionText(_ account: AccountState) -> String {
        guard let connection = account.connection else { return "not connected" }
        return "\(connection.environment.rawValue) \(connection.instanceURL)"
            + (connection.orgID.map { " (org \($0))" } ?? "")
    }

    /// Links sorted by contact id.
    static func links(_ account: AccountState) -> [(contact: String, record: RecordReference)] {
        account.contacts.linked.sorted { $0.contact < $1.contact }
    }
}
