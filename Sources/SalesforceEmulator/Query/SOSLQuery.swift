import Foundation

/// A parsed SOSL search of the subset the emulator speaks:
/// `FIND {terms} [IN ALL|NAME|EMAIL|PHONE FIELDS] [RETURNING Object[(fields [WHERE ...]
/// [ORDER BY ...] [LIMIT n])], ...] [LIMIT n]`.
struct SOSLQuery: Sendable {
    enum Scope: String, Sendable {
        case all = "ALL"
        case name = "NAME"
        case email = "EMAIL"
        case phone = "PHONE"
    }

    struct Returning: Sendable {
        var object: ObjectSchema
        var fields: [FieldSchema]
        var condition: Condition?
        var order: [OrderItem]
        var limit: Int?
    }

    var expression: SearchExpression
    var scope: Scope
    var returning: [Returning]
    var limit: Int

    /// Parses `text`: MALFORMED_SEARCH for bad syntax, INVALID_TYPE for an unknown or
    /// unsearchable object, INVALID_FIELD for an unknown field.
    static func parse(_ text: String, schema: OrgSchema) throws(RecordError) -> SOSLQuery {
        let characters = Array(text.drop(while: \.isWhitespace))
        guard characters.count > 4, String(characters[0..<4]).uppercased() == "FIND" else {
            throw RecordError("MALFORMED_SEARCH", "search must start with FIND {...}")
        }
        var index = 4
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count, characters[index] == "{" else {
            throw RecordError("MALFORMED_SEARCH", "search term must be enclosed in braces: FIND {...}")
        }
        let termStart = index + 1
        index = termStart
        while index < characters.count, characters[index] != "}" {
            index += characters[index] == "\\" ? 2 : 1
        }
        guard index < characters.count else {
            throw RecordError("MALFORMED_SEARCH", "search term has no closing brace '}'")
        }
        let expression = try SearchExpression.parse(String(characters[termStart..<index]))
        let rest = String(characters[(index + 1)...])
        var parser = QueryParser(tokens: try lexRest(rest), errorCode: "MALFORMED_SEARCH")
        var query = SOSLQuery(expression: expression, scope: .all, returning: [], limit: 2000)
        if parser.take("IN") {
            guard let scope = Scope(rawValue: try parser.word().uppercased()) else { throw parser.unexpected() }
            try parser.expect("FIELDS")
            query.scope = scope
        }
        if parser.take("RETURNING") {
            repeat {
                query.returning.append(try returning(&parser, schema))
            } while parser.takeSymbol(",")
        } else {
            query.returning = schema.objects.filter(\.searchable).compactMap { object in
                object.field(named: "Id").map { Returning(object: object, fields: [$0], order: []) }
            }
        }
        if parser.take("LIMIT") { query.limit = min(try parser.count(), 2000) }
        guard parser.atEnd else { throw parser.unexpected() }
        return query
    }

    private static func lexRest(_ text: String) throws(RecordError) -> [QueryToken] {
        do {
            return try QueryLexer.tokens(of: text)
        } catch {
            throw RecordError("MALFORMED_SEARCH", error.message)
        }
    }

    private static func returning(_ parser: inout QueryParser, _ schema: OrgSchema) throws(RecordError) -> Returning {
        let name = try parser.word()
        guard let object = schema.object(named: name) else {
            throw RecordError("INVALID_TYPE", "sObject type '\(name)' is not supported.")
        }
        guard object.searchable else {
            throw RecordError("INVALID_TYPE", "entity type \(object.name) does not support search")
        }
        var spec = Returning(object: object, fields: [object.field(named: "Id")].compactMap { $0 }, order: [])
        guard parser.takeSymbol("(") else { return spec }
        spec.fields = try QueryParser.fields(try parser.names(), of: object, errorCode: "MALFORMED_SEARCH")
        if parser.take("WHERE") { spec.condition = try parser.condition(object) }
        if parser.take("ORDER") {
            try parser.expect("BY")
            spec.order = try parser.orderBy(object)
        }
        if parser.take("LIMIT") { spec.limit = try parser.count() }
        try parser.expectSymbol(")")
        return spec
    }
}
