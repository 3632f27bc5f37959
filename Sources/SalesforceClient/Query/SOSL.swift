/// One object of a SOSL `RETURNING` clause.
public struct SOSLReturning: Sendable, Hashable {
    public var object: APIName
    public var fields: [APIName]
    public var condition: SOQLCondition?
    public var limit: Int?

    public init(_ object: APIName, fields: [APIName], where condition: SOQLCondition? = nil, limit: Int? = nil) {
        self.object = object
        self.fields = fields
        self.condition = condition
        self.limit = limit
    }

    var text: String {
        var inner = fields.map(\.rawValue).joined(separator: ", ")
        if let condition { inner += " WHERE \(condition.text)" }
        if let limit { inner += " LIMIT \(limit)" }
        return "\(object)(\(inner))"
    }
}

/// Which fields a SOSL search looks in.
public enum SOSLScope: String, Sendable {
    case all = "ALL FIELDS"
    case name = "NAME FIELDS"
    case email = "EMAIL FIELDS"
    case phone = "PHONE FIELDS"
}

/// A SOSL search for any of several terms, each escaped.
public struct SOSLSearch: Sendable, Hashable, CustomStringConvertible {
    public var terms: [String]
    public var scope: SOSLScope
    public var returning: [SOSLReturning]
    public var limit: Int?

    public init(anyOf terms: [String], in scope: SOSLScope, returning: [SOSLReturning], limit: Int? = nil) {
        self.terms = terms
        self.scope = scope
        self.returning = returning
        self.limit = limit
    }

    /// The statement.
    public var text: String {
        let find = terms.map(SOSL.escaped).map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " OR ")
        var text = "FIND {\(find)} IN \(scope.rawValue) RETURNING " + returning.map(\.text).joined(separator: ", ")
        if let limit { text += " LIMIT \(limit)" }
        return text
    }

    public var description: String { text }
}

/// SOSL's escaping rules.
public enum SOSL {
    /// The characters SOSL reserves inside a search term.
    static let reserved: Set<Character> = [
        "?", "&", "|", "!", "{", "}", "[", "]", "(", ")", "^", "~", "*", ":", "\\", "\"", "'", "+", "-",
    ]

    /// `term` with every reserved character escaped by a backslash, so that it is searched for
    /// as written and cannot close the braces or add operators.
    public static func escaped(_ term: String) -> String {
        var result = ""
        for character in term {
            if reserved.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
