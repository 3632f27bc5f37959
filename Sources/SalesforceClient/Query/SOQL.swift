import Foundation

/// A SOQL literal: every value that reaches a query goes through one of these, quoted and escaped.
public enum SOQLLiteral: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case null
    /// A date-time in UTC, whole seconds, written unquoted as SOQL wants (`2026-11-28T09:00:00Z`).
    case dateTime(secondsSince1970: Int64)

    /// The literal as SOQL text.
    public var text: String {
        switch self {
        case .string(let value): SOQL.quoted(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .dateTime(let seconds): SOQL.dateTime(seconds)
        }
    }
}

/// A WHERE condition over validated names and escaped literals.
public indirect enum SOQLCondition: Sendable, Hashable {
    case equals(APIName, SOQLLiteral)
    case notEquals(APIName, SOQLLiteral)
    case isIn(APIName, [SOQLLiteral])
    case atLeast(APIName, SOQLLiteral)
    case all([SOQLCondition])
    case any([SOQLCondition])

    /// The condition as SOQL text, parenthesised where AND and OR meet.
    public var text: String {
        switch self {
        case .equals(let field, let value): "\(field) = \(value.text)"
        case .notEquals(let field, let value): "\(field) != \(value.text)"
        case .isIn(let field, let values): "\(field) IN (\(values.map(\.text).joined(separator: ", ")))"
        case .atLeast(let field, let value): "\(field) >= \(value.text)"
        case .all(let parts): parts.map { $0.nestedText }.joined(separator: " AND ")
        case .any(let parts): parts.map { $0.nestedText }.joined(separator: " OR ")
        }
    }

    private var nestedText: String {
        switch self {
        case .all(let parts) where parts.count > 1: "(\(text))"
        case .any(let parts) where parts.count > 1: "(\(text))"
        default: text
        }
    }
}

/// A SOQL query built from parts, never from concatenated user text.
public struct SOQLQuery: Sendable, Hashable, CustomStringConvertible {
    public var fields: [APIName]
    public var object: APIName
    public var condition: SOQLCondition?
    public var orderBy: [(field: APIName, descending: Bool)]
    public var limit: Int?

    public init(
        select fields: [APIName],
        from object: APIName,
        where condition: SOQLCondition? = nil,
        orderBy: [(field: APIName, descending: Bool)] = [],
        limit: Int? = nil
    ) {
        self.fields = fields
        self.object = object
        self.condition = condition
        self.orderBy = orderBy
        self.limit = limit
    }

    /// The statement.
    public var text: String {
        var text = "SELECT \(fields.map(\.rawValue).joined(separator: ", ")) FROM \(object)"
        if let condition { text += " WHERE \(condition.text)" }
        if !orderBy.isEmpty {
            text +=
                " ORDER BY " + orderBy.map { "\($0.field)\($0.descending ? " DESC" : " ASC")" }.joined(separator: ", ")
        }
        if let limit { text += " LIMIT \(limit)" }
        return text
    }

    public var description: String { text }

    public static func == (lhs: SOQLQuery, rhs: SOQLQuery) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// SOQL's quoting rules.
public enum SOQL {
    /// A date-time literal in UTC: `2026-11-28T09:00:00Z`.
    public static func dateTime(_ secondsSince1970: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(secondsSince1970)).formatted(.iso8601)
    }

    /// `value` as a quoted SOQL string: backslash, both quotes and control characters escaped,
    /// so that no value can end the literal early.
    public static func quoted(_ value: String) -> String {
        var result = "'"
        result.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "'"
    }
}
