public import Projection
public import SyncModel

/// One dead letter as `deadletters` and the dashboard list it: the event Salesforce refused for
/// good, with Salesforce's code and message.
public struct DeadLetterRow: Sendable {
    public let account: String
    /// The refused event's offset in the events log.
    public let offset: UInt64
    public let letter: DeadLetter

    /// The dead letters of `names`, each account's in offset order.
    public static func list(_ state: ProjectionState, accounts names: [String]) -> [DeadLetterRow] {
        names.flatMap { name in
            state.account(name).deadLetters.sorted { $0.key < $1.key }.map {
                DeadLetterRow(account: name, offset: $0.key, letter: $0.value)
            }
        }
    }

    /// The fields Salesforce named, as `deadletters` prints them after the message.
    public var fieldsText: String {
        letter.failure.fields.isEmpty ? "" : " [\(letter.failure.fields.joined(separator: ", "))]"
    }

    /// The dead letter as an object of `deadletters --json`.
    public var json: JSONValue {
        .object([
            JSONMember("account", .string(account)),
            JSONMember("offset", .integer(Int64(offset))),
            JSONMember("contact", .optional(letter.contact)),
            JSONMember("at", .string(letter.at.description)),
            JSONMember("error_code", .string(letter.failure.errorCode)),
            JSONMember("message", .string(letter.failure.message)),
            JSONMember("fields", .array(letter.failure.fields.map { .string($0) })),
        ])
    }
}
