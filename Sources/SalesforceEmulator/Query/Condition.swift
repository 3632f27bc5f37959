import Foundation

/// A literal value in a WHERE clause.
enum Literal: Equatable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case dateTime(Date)
    case date(String)
}

/// A comparison operator of SOQL.
enum ComparisonOperator: String, Sendable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A WHERE clause, with its fields resolved against the object's schema.
indirect enum Condition: Sendable {
    case and([Condition])
    case or([Condition])
    case not(Condition)
    case compare(FieldSchema, ComparisonOperator, Literal)
    case within(FieldSchema, [Literal], negated: Bool)
    case like(FieldSchema, [LikeElement])

    /// Whether a record with these field values satisfies the condition.
    func matches(_ fields: [String: JSON]) -> Bool {
        switch self {
        case .and(let parts): parts.allSatisfy { $0.matches(fields) }
        case .or(let parts): parts.contains { $0.matches(fields) }
        case .not(let part): !part.matches(fields)
        case .compare(let field, let comparison, let literal):
            Self.compare(fields[field.name] ?? .null, comparison, literal, field: field)
        case .within(let field, let literals, let negated):
            literals.contains { Self.compare(fields[field.name] ?? .null, .equal, $0, field: field) } != negated
        case .like(let field, let pattern):
            fields[field.name]?.stringValue.map { Self.like(Array($0.lowercased()), pattern[...]) } ?? false
        }
    }

    private static func compare(
        _ value: JSON,
        _ comparison: ComparisonOperator,
        _ literal: Literal,
        field: FieldSchema
    )
        -> Bool
    {
        guard let order = Self.order(value, literal, field: field) else {
            // A null field only equals null, and differs from everything else.
            let bothNull = value == .null && literal == .null
            switch comparison {
            case .equal: return bothNull
            case .notEqual: return !bothNull
            default: return false
            }
        }
        switch comparison {
        case .equal: return order == .orderedSame
        case .notEqual: return order != .orderedSame
        case .less: return order == .orderedAscending
        case .lessOrEqual: return order != .orderedDescending
        case .greater: return order == .orderedDescending
        case .greaterOrEqual: return order != .orderedAscending
        }
    }

    /// How a field value compares with a literal; `nil` when either is null.
    private static func order(_ value: JSON, _ literal: Literal, field: FieldSchema) -> ComparisonResult? {
        switch (value, literal) {
        case (.string(let text), .string(let other)):
            if field.type == .id || field.type == .reference, let id = RecordID.normalized(other) {
                return text.caseInsensitiveCompare(id)
            }
            return text.caseInsensitiveCompare(other)
        case (.string(let text), .date(let other)):
            return text.compare(other)
        case (.string(let text), .dateTime(let other)):
            guard let date = SalesforceTime.parseDateTime(text) else { return nil }
            return date.compare(other)
        case (.bool(let flag), .bool(let other)):
            return flag == other ? .orderedSame : (flag ? .orderedDescending : .orderedAscending)
        case (.int, .number(let other)), (.double, .number(let other)):
            let number = value.doubleValue ?? 0
            return number == other ? .orderedSame : (number < other ? .orderedAscending : .orderedDescending)
        default:
            return nil
        }
    }

    /// Case-insensitive LIKE: `%` any run, `_` one character.
    private static func like(_ text: [Character], _ pattern: ArraySlice<LikeElement>) -> Bool {
        var textIndex = 0
        var patternIndex = pattern.startIndex
        var backtrack: (pattern: Int, text: Int)?
        while textIndex < text.count {
            if patternIndex < pattern.endIndex {
                switch pattern[patternIndex] {
                case .anyRun:
                    backtrack = (patternIndex, textIndex)
                    patternIndex += 1
                    continue
                case .anyOne:
                    textIndex += 1
                    patternIndex += 1
                    continue
                case .literal(let character) where Character(character.lowercased()) == text[textIndex]:
                    textIndex += 1
                    patternIndex += 1
                    continue
                default:
                    break
                }
            }
            guard let point = backtrack else { return false }
            patternIndex = point.pattern + 1
            textIndex = point.text + 1
            backtrack = (point.pattern, point.text + 1)
        }
        while patternIndex < pattern.endIndex, pattern[patternIndex] == .anyRun { patternIndex += 1 }
        return patternIndex == pattern.endIndex
    }
}
