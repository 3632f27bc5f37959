import ArgumentParser
import Projection
import SyncModel

/// `avosync contacts --account A [--contact C]`: each contact as Avochato should now show it,
/// both directions merged, with its link and where each field's value came from.
struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Show contacts as Avochato should now show them, with where each field's value came from.",
        discussion: """
            Edits made in Avochato and changes brought back from Salesforce (two-way sync) are \
            merged in log order, the later winning. For every field the source (avochato or \
            salesforce), the events-log offset of the event that set it and its time are shown: \
            the field provenance an auditor asks for. Cleared fields are not listed.
            """
    )

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var accountOption: AccountOption
    @Option(help: "Only this contact.") var contact: String?
    @Flag(help: "Print one JSON document.") var json = false

    private var account: String { accountOption.account }

    func validate() throws {
        if let contact { try validateIdentifier(contact, option: "contact") }
    }

    func run() throws {
        try running("contacts") {
            let layout = try data.existingLayout(command: "contacts")
            let state = try ProjectionLoader.loadReporting(layout, command: "contacts").state.account(account)
            if let contact, state.contacts[contact] == nil {
                printError("avosync contacts: account \(account) has no contact \(contact)")
                throw ExitStatus.failure
            }
            let provenance = try FieldProvenance.read(layout, account: account, contact: contact)
            let ids = contact.map { [$0] } ?? state.contacts.keys.sorted()
            let views = ids.compactMap { id in
                state.contacts[id].map { ContactView(id: id, state: $0, provenance: provenance[id] ?? .init()) }
            }
            if json {
                printJSON(
                    .object([
                        JSONMember("account", .string(account)),
                        JSONMember("contacts", .array(views.map(\.json))),
                    ])
                )
                return
            }
            if views.isEmpty { print("(no contacts yet for account \(account))") }
            for view in views { view.lines.forEach { print($0) } }
        }
    }
}

/// One contact of `contacts`: its merged values, link and provenance.
private struct ContactView {
    let id: String
    let state: ContactState
    let provenance: ContactProvenance

    var values: [(name: String, value: JSONValue, origin: FieldOrigin?)] {
        state.fields.sorted { $0.key < $1.key }.map { field, value in
            (field.rawValue, .string(value), provenance.fields[field])
        }
    }

    var customValues: [(name: String, value: JSONValue, origin: FieldOrigin?)] {
        state.customFields.sorted { $0.key < $1.key }.map { key, value in
            (key, Optional(value).jsonValue, provenance.customFields[key])
        }
    }

    var json: JSONValue {
        func members(_ entries: [(name: String, value: JSONValue, origin: FieldOrigin?)]) -> JSONValue {
            .object(
                entries.map { entry in
                    var fields = [JSONMember("value", entry.value)]
                    if let origin = entry.origin {
                        fields += [
                            JSONMember("source", .string(origin.side.rawValue)),
                            JSONMember("offset", .integer(Int64(clamping: origin.offset))),
                            JSONMember("at", .string(origin.at.description)),
                        ]
                    }
                    return JSONMember(entry.name, .object(fields))
                }
            )
        }
        let link: JSONValue =
            state.link.map {
                .object([JSONMember("object", .string($0.object)), JSONMember("id", .string($0.id))])
            } ?? .null
        return .object([
            JSONMember("contact", .string(id)), JSONMember("link", link),
            JSONMember("fields", members(values)), JSONMember("custom_fields", members(customValues)),
        ])
    }

    var lines: [String] {
        var lines = ["\(id)  " + (state.link.map { "linked to \($0)" } ?? "not linked")]
        for (name, value, origin) in values + customValues {
            let source = origin.map { "\($0.side.rawValue) (offset \($0.offset), \($0.at))" } ?? ""
            lines.append("  " + padded(name, 22) + "  " + padded(value.jsonText, 32) + "  " + source)
        }
        return lines
    }
}
