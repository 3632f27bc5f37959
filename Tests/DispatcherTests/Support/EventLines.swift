import Foundation

/// JSON lines of the ingest contract, for scenarios. Times count up from one base, a minute apart.
struct EventLines {
    let account: String
    private var minute = 0

    init(account: String = "acme") { self.account = account }

    private mutating func base(_ type: String, contact: String? = nil, id: String? = nil) -> [String: Any] {
        minute += 1
        var object: [String: Any] = [
            "type": type, "account": account,
            "at": String(format: "2026-11-%02dT%02d:%02d:00Z", 1 + minute / 1440, minute / 60 % 24, minute % 60),
        ]
        if let contact { object["contact"] = contact }
        if let id { object["id"] = id }
        return object
    }

    static func text(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    mutating func contact(
        _ contact: String,
        _ fields: [String: Any],
        custom: [String: Any]? = nil,
        id: String? = nil
    ) -> String {
        var object = base("contact.upserted", contact: contact, id: id)
        object["fields"] = fields
        if let custom { object["custom_fields"] = custom }
        return Self.text(object)
    }

    mutating func textMessage(
        _ contact: String,
        _ body: String,
        direction: String = "inbound",
        id: String? = nil
    ) -> String {
        var object = base("text.logged", contact: contact, id: id)
        object["direction"] = direction
        object["body"] = body
        return Self.text(object)
    }

    mutating func call(_ contact: String, seconds: Int, direction: String = "outbound", id: String? = nil) -> String {
        var object = base("call.logged", contact: contact, id: id)
        object["direction"] = direction
        object["duration_seconds"] = seconds
        return Self.text(object)
    }

    mutating func note(_ contact: String, _ body: String, id: String? = nil) -> String {
        var object = base("note.added", contact: contact, id: id)
        object["body"] = body
        return Self.text(object)
    }

    mutating func settings(_ settings: [String: Any]) -> String {
        var object = base("settings.changed")
        object["settings"] = settings
        return Self.text(object)
    }

    mutating func customField(_ key: String, salesforceField: String?) -> String {
        var object = base("custom_field.defined")
        object["key"] = key
        object["label"] = key
        object["salesforce_field"] = salesforceField ?? NSNull()
        return Self.text(object)
    }
}
