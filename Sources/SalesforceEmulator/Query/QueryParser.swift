import Foundation

/// A parsed ORDER BY item.
struct OrderItem: Sendable {
    var field: FieldSchema
    var ascending: Bool
    var nullsFirst: Bool
}

/// Reads the clauses SOQL and SOSL's RETURNING share: field lists, WHERE, ORDER BY and LIMIT.
/// `errorCode` is MALFORMED_QUERY for SOQL and MALFORMED_SEARCH for SOSL.
struct QueryParser {
    var tokens: [QueryToken]
    var position = 0
    let errorCode: String

    init(tokens: [QueryToken], errorCode: String) {
        self.tokens = tokens
        self.errorCode = errorCode
    }

    var current: QueryToken? { position < tokens.count ? tokens[position] : nil }
    var atEnd: Bool { position >= tokens.count }

    func malformed(_ message: String) -> RecordError {
        RecordError(errorCode, message)
    }

    func unexpected() -> RecordError {
        malformed(current.map { "unexpected token: '\($0.text)'" } ?? "unexpected end of query")
    }

    mutating func advance() { position += 1 }

    /// Consumes the keyword when it comes next.
    mutating func take(_ keyword: String) -> Bool {
        guard current?.isKeyword(keyword) == true else { return false }
        position += 1
        return true
    }

    mutating func takeSymbol(_ symbol: String) -> Bool {
        guard current == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    mutating func expect(_ keyword: String) throws(RecordError) {
        guard take(keyword) else { throw unexpected() }
    }

    mutating func expectSymbol(_ symbol: String) throws(RecordError) {
        guard takeSymbol(symbol) else { throw unexpected() }
    }

    mutating func word() throws(RecordError) -> String {
        guard case .word(let word) = current else { throw unexpected() }
        position += 1
        return word
    }

    /// A comma-separated list of names.
    mutating func names() throws(RecordError) -> [String] {
        var names = [try word()]
        while takeSymbol(",") { names.append(try word()) }
        return names
    }

    /// Resolves selected names to fields, refusing unknown fields and duplicates.
    static func fields(
        _ names: [String],
        of object: ObjectSchema,
        errorCode: String
    ) throws(RecordError) -> [FieldSchema] {
        var fields: [FieldSchema] = []
        for name in names {
            guard let field = object.field(named: name) else { throw noSuchColumn(name, object) }
            if fields.contains(where: { $0.name == field.name }) {
                throw RecordError(errorCode, "duplicate field selected: \(field.name)")
            }
            fields.append(field)
        }
        return fields
    }

    static func noSuchColumn(_ name: String, _ object: ObjectSchema) -> RecordError {
        RecordError(
            "INVALID_FIELD",
            "No such column '\(name)' on entity '\(object.name)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
            fields: [name]
        )
    }

    // MARK: WHERE

    /// A condition. AND and OR may not be mixed at one level without parentheses, as in SOQL.
    mutating func condition(_ object: ObjectSchema) throws(RecordError) -> Condition {
        var parts = [try unary(object)]
        var joiner: String?
        while let token = current, token.isKeyword("AND") || token.isKeyword("OR") {
            let keyword = token.text.uppercased()
            if let joiner, joiner != keyword { throw unexpected() }
            joiner = keyword
            advance()
            parts.append(try unary(object))
        }
        guard parts.count > 1 else { return parts[0] }
        return joiner == "AND" ? .and(parts) : .or(parts)
    }

    private mutating func unary(_ object: ObjectSchema) throws(RecordError) -> Condition {
        if take("NOT") { return .not(try unary(object)) }
        if takeSymbol("(") {
            let inner = try condition(object)
            try expectSymbol(")")
            return inner
        }
        return try comparison(object)
    }

    private mutating func comparison(_ object: ObjectSchema) throws(RecordError) -> Condition {
        let name = try word()
        guard let field = object.field(named: name) else { throw Self.noSuchColumn(name, object) }
        if take("LIKE") {
            guard case .string(_, let pattern) = current, field.type.isText else {
                throw RecordError(
                    "INVALID_FIELD",
                    "invalid operator on field \(field.name): LIKE needs a text field and a quoted pattern",
                    fields: [field.name]
                )
            }
            advance()
            return .like(field, pattern)
        }
        let negated = take("NOT")
        if take("IN") {
            try expectSymbol("(")
            var literals = [try literal(for: field)]
            while takeSymbol(",") { literals.append(try literal(for: field)) }
            try expectSymbol(")")
            return .within(field, literals, negated: negated)
        }
        if negated { throw unexpected() }
        guard case .symbol(let symbol) = current,
            let comparison = ComparisonOperator(rawValue: symbol == "<>" ? "!=" : symbol)
        else { throw unexpected() }
        advance()
        return .compare(field, comparison, try literal(for: field))
    }

    /// A literal, which must suit the field's type, as Salesforce demands.
    private mutating func literal(for field: FieldSchema) throws(RecordError) -> Literal {
        guard let token = current else { throw unexpected() }
        advance()
        if token.isKeyword("NULL") { return .null }
        func mismatch(_ expected: String) -> RecordError {
            RecordError(
                "INVALID_FIELD",
                "value of filter criterion for field '\(field.name)' must be of type \(expected)",
                fields: [field.name]
            )
        }
        switch field.type {
        case .boolean:
            if token.isKeyword("TRUE") { return .bool(true) }
            if token.isKeyword("FALSE") { return .bool(false) }
            throw mismatch("boolean and should not be enclosed in quotes")
        case .int, .double, .currency, .percent:
            guard case .number(let text) = token, let number = Double(text) else {
                throw mismatch("double and should not be enclosed in quotes")
            }
            return .number(number)
        case .datetime:
            guard case .dateTime(let text) = token, let date = SalesforceTime.parseDateTime(text) else {
                throw mismatch("dateTime and should not be enclosed in quotes")
            }
            return .dateTime(date)
        case .date:
            guard case .date(let text) = token else { throw mismatch("date and should not be enclosed in quotes") }
            return .date(text)
        default:
            guard case .string(let value, _) = token else {
                throw mismatch("string and should be enclosed in quotes")
            }
            return .string(value)
        }
    }

    // MARK: ORDER BY, LIMIT

    mutating func orderBy(_ object: ObjectSchema) throws(RecordError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            let name = try word()
            guard let field = object.field(named: name) else { throw Self.noSuchColumn(name, object) }
            var ascending = true
            if take("DESC") { ascending = false } else { _ = take("ASC") }
            var nullsFirst = ascending
            if take("NULLS") {
                if take("FIRST") {
                    nullsFirst = true
                } else {
                    try expect("LAST")
                    nullsFirst = false
                }
            }
            items.append(OrderItem(field: field, ascending: ascending, nullsFirst: nullsFirst))
        } while takeSymbol(",")
        return items
    }

    mutating func count() throws(RecordError) -> Int {
        guard case .number(let text) = current, let value = Int(text), value >= 0 else { throw unexpected() }
        advance()
        return value
    }
}
