public import Projection
public import SyncModel

/// One contact as `contacts` and the dashboard show it: its merged values, link and provenance.
public struct ContactView: Sendable {
    public let id: String
    public let state: ContactState
    public let provenance: ContactProvenance

    public init(id: String, state: ContactState, provenance: ContactProvenance) {
        self.id = id
        self.state = state
        self.provenance = provenance
    }

    /// The contacts of `account` (named `name` in `layout`), or only `contact`, sorted by id,
    /// with each field's provenance read from the logs.
    public static func read(
        _ layout: DataLayout,
        account name: String,
        state account: AccountState,
        only contact: String? = nil
    ) throws -> [ContactView] {
        let provenance = try FieldProvenance.read(layout, account: name, contact: contact)
        let ids = contact.map { [$0] } ?? account.contacts.keys.sorted()
        return ids.compactMap { id in
            account.contacts[id].map { ContactView(id: id, state: $0, provenance: provenance[id] ?? .init()) }
        }
    }

    /// Its standard fields, by name, with where each value came from.
    public var values: [(name: String, value: JSONValue, origin: FieldOrigin?)] {
        state.fields.sorted { $0.key < $1.key }.map { field, value in
            (field.rawValue, .string(value), provenance.fields[field])
        }
    }

    /// Its custom fields, by key, with where each value came from.
    public var customValues: [(name: String, value: JSONValue, origin: FieldOrigin?)] {
        state.customFields.sorted { $0.key < $1.key }.map { key, value in
            (key, Optional(value).jsonValue, provenance.customFields[key])
        }
    }

    /// The contact as an object of `contacts --json`.
    public var json: JSONValue {
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

    /// The contact as `contacts` prints it.
    public var lines: [String] {
        var lines = ["\(id)  " + (state.link.map { "linked to \($0)" } ?? "not linked")]
        for (name, value, origin) in values + customValues {
            let source = origin.map { "\($0.side.rawValue) (offset \($0.offset), \($0.at))" } ?? ""
            lines.append("  " + padded(name, 22) + "  " + padded(value.jsonText, 32) + "  " + source)
        }
        return lines
    }
}
