import ArgumentParser
import Dispatcher
import EventLog
import Foundation
import Projection
import Reports
import SalesforceClient
import SyncModel

/// `avosync fields --account A [--import]`: the target object's fields a custom field may map to;
/// `--import` defines a custom field for each custom field not mapped yet (Avochato's "Sync
/// Field Metadata").
struct FieldsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields",
        abstract: "List the fields of the account's target object that a custom field may map to.",
        discussion: """
            For the default target both Lead and Contact are listed. --import appends a \
            custom_field.defined (direction both) for each custom (__c) field no custom field maps \
            to yet; the fields avosync itself manages (Avochato_Contact_Id__c and the activity \
            context fields) are never imported.
            """
    )

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var accountOption: AccountOption
    @Flag(name: .customLong("import"), help: "Define a custom field for each custom field not mapped yet.")
    var importFields = false
    @Flag(help: "Ask the org again instead of using the describes cached in the data directory.") var refresh = false
    @Flag(help: "Print one JSON document.") var json = false

    private var account: String { accountOption.account }

    func run() async throws {
        do {
            let layout = try data.existingLayout(command: "fields")
            let state = try ProjectionLoader.loadReporting(layout, command: "fields").state.account(account)
            let names: [String] =
                switch state.settings.syncObject {
                case .leadsAndContacts: ["Lead", "Contact"]
                case .object(let name): [name]
                }
            let org = try AccountOrg(layout: layout, account: account, command: "fields", refresh: refresh)
            let objects: [ObjectDescription] = try await org.use { describer in
                var found: [ObjectDescription] = []
                for name in names {
                    guard let apiName = try? APIName(name), let object = try await describer.describe(apiName) else {
                        printError("avosync fields: the org has no \(name) object")
                        throw ExitStatus.failure
                    }
                    found.append(object)
                }
                return found
            }
            org.noteCache(command: "fields")
            let fields = objects.flatMap { object in MappableFields.of(object).map { (object.name, $0) } }
            let defined =
                try importFields
                ? define(
                    MappableFields.toImport(objects, state: state),
                    layout,
                    taken: Set(state.customFields.keys)
                ) : []
            report(fields, defined: defined, state: state)
        } catch {
            throw failure("fields", error)
        }
    }

    /// Appends one `custom_field.defined` per field; returns them.
    private func define(
        _ fields: [FieldDescription],
        _ layout: DataLayout,
        taken: Set<String>
    ) throws -> [CustomFieldDefinition] {
        guard !fields.isEmpty else { return [] }
        let now = EventTime.now
        var taken = taken
        let definitions = fields.map { field in
            // A key already defined keeps its mapping: the new one gets a number.
            let base = MappableFields.key(for: field.name)
            var key = base
            var number = 2
            while !taken.insert(key).inserted {
                key = "\(base)_\(number)"
                number += 1
            }
            return CustomFieldDefinition(key: key, label: field.label, salesforceField: field.name)
        }
        let events = definitions.map { definition in
            Event(
                id: "import-\(definition.key)-\(now.seconds)",
                account: account,
                at: now,
                payload: .customFieldDefined(definition)
            )
        }
        let writer = try LogWriter.waitingForLock(directory: layout.events)
        defer { try? writer.close() }
        try writer.append(contentsOf: events.map(StoredEncoding.encode), appendedBy: Appender.commandLine)
        return definitions
    }

    private func report(
        _ fields: [(object: String, field: FieldDescription)],
        defined: [CustomFieldDefinition],
        state: AccountState
    ) {
        let mappedBy = Dictionary(
            state.customFields.values.compactMap { definition in definition.salesforceField.map { ($0, definition.key) }
            },
            uniquingKeysWith: { first, _ in first }
        ).merging(defined.compactMap { definition in definition.salesforceField.map { ($0, definition.key) } }) { $1 }
        if json {
            printJSON(
                .object([
                    JSONMember("account", .string(account)),
                    JSONMember(
                        "fields",
                        .array(
                            fields.map { object, field in
                                .object([
                                    JSONMember("object", .string(object)), JSONMember("name", .string(field.name)),
                                    JSONMember("label", .string(field.label)), JSONMember("type", .string(field.type)),
                                    JSONMember("updateable", .bool(field.updateable)),
                                    JSONMember("custom", .bool(field.name.hasSuffix("__c"))),
                                    JSONMember("mapped_by", mappedBy[field.name].map { .string($0) } ?? .null),
                                ])
                            }
                        )
                    ),
                    JSONMember(
                        "imported",
                        .array(
                            defined.map {
                                .object([
                                    JSONMember("key", .string($0.key)), JSONMember("label", .string($0.label)),
                                    JSONMember("salesforce_field", .optional($0.salesforceField)),
                                ])
                            }
                        )
                    ),
                ])
            )
            return
        }
        print(padded("OBJECT", 16) + padded("FIELD", 30) + padded("TYPE", 12) + padded("UPDATEABLE", 12) + "MAPPED BY")
        for (object, field) in fields {
            print(
                padded(object, 16) + padded(field.name, 30) + padded(field.type, 12)
                    + padded(field.updateable ? "yes" : "no", 12) + (mappedBy[field.name] ?? "")
            )
        }
        if importFields {
            print(
                defined.isEmpty
                    ? "every custom field is mapped already; nothing imported"
                    : "imported \(defined.count) custom field\(defined.count == 1 ? "" : "s"): "
                        + defined.map { "\($0.key) -> \($0.salesforceField ?? "")" }.joined(separator: ", ")
            )
        }
    }
}

/// The fields a custom field may map to, and which of them `fields --import` defines.
enum MappableFields {
    /// Fields avosync manages itself: never a custom field's target.
    static let managed: Set<String> = [
        "Avochato_Contact_Id__c", ActivityContext.lastActivityAt, ActivityContext.lastActivity,
        ActivityContext.activityCount,
    ]

    /// Text, number, picklist and date fields a client can write, ids and references aside.
    static func of(_ object: ObjectDescription) -> [FieldDescription] {
        object.fields.filter { field in
            (field.createable || field.updateable) && !field.calculated
                && !["id", "reference", "address", "location"].contains(field.type)
        }
    }

    /// Custom fields of `objects` no custom field maps to yet, once each by API name.
    static func toImport(_ objects: [ObjectDescription], state: AccountState) -> [FieldDescription] {
        var mapped = Set(state.customFields.values.compactMap(\.salesforceField))
        var result: [FieldDescription] = []
        for object in objects {
            for field in of(object) where field.name.hasSuffix("__c") && field.updateable {
                guard !managed.contains(field.name), mapped.insert(field.name).inserted else { continue }
                result.append(field)
            }
        }
        return result
    }

    /// A custom field key for an API name: `FavoriteFood__c` -> `favorite_food`.
    static func key(for apiName: String) -> String {
        var key = ""
        for character in apiName.replacing("__c", with: "") {
            if character.isUppercase, let last = key.last, last != "_" { key.append("_") }
            key.append(contentsOf: character.lowercased())
        }
        return key
    }
}
