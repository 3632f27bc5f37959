import Foundation

/// A parsed SOQL query of the subset the emulator speaks:
/// `SELECT fields | COUNT() FROM Object [WHERE ...] [ORDER BY ...] [LIMIT n] [OFFSET n]`.
struct SOQLQuery: Sendable {
    enum Selection: Sendable {
        case fields([FieldSchema])
        case count
    }

    var object: ObjectSchema
    var selection: Selection
    var condition: Condition?
    var order: [OrderItem]
    var limit: Int?
    var offset: Int

    /// Parses `text`, resolving names against `schema`: MALFORMED_QUERY for bad syntax,
    /// INVALID_TYPE for an unknown object, INVALID_FIELD for an unknown field or a literal of the
    /// wrong type.
    static func parse(_ text: String, schema: OrgSchema) throws(RecordError) -> SOQLQuery {
        var parser = QueryParser(tokens: try QueryLexer.tokens(of: text), errorCode: "MALFORMED_QUERY")
        try parser.expect("SELECT")
        var names: [String] = []
        var counting = false
        if parser.current?.isKeyword("COUNT") == true, parser.tokens.count > parser.position + 2,
            parser.tokens[parser.position + 1] == .symbol("(")
        {
            parser.advance()
            parser.advance()
            try parser.expectSymbol(")")
            counting = true
        } else {
            names = try parser.names()
        }
        try parser.expect("FROM")
        let objectName = try parser.word()
        guard let object = schema.object(named: objectName) else {
            throw RecordError(
                "INVALID_TYPE",
                "sObject type '\(objectName)' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
            )
        }
        var query = SOQLQuery(
            object: object,
            selection: counting
                ? .count : .fields(try QueryParser.fields(names, of: object, errorCode: "MALFORMED_QUERY")),
            condition: nil,
            order: [],
            limit: nil,
            offset: 0
        )
        if parser.take("WHERE") { query.condition = try parser.condition(object) }
        if parser.take("ORDER") {
            try parser.expect("BY")
            query.order = try parser.orderBy(object)
        }
        if parser.take("LIMIT") { query.limit = try parser.count() }
        if parser.take("OFFSET") {
            query.offset = try parser.count()
            guard query.offset <= 2000 else {
                throw RecordError("NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000")
            }
        }
        guard parser.atEnd else { throw parser.unexpected() }
        return query
    }
}

extension OrgStore {
    /// The records a query selects, in order, after OFFSET and LIMIT; `queryAll` also sees
    /// deleted records. Equality on a field is answered from an index (built on first use).
    mutating func run(_ query: SOQLQuery, includeDeleted: Bool) -> [StoredRecord] {
        var ids = idsByObject[query.object.name.lowercased()] ?? []
        if let condition = query.condition, let candidates = candidateIDs(condition, query.object) {
            ids = candidates.sorted { creationOrder[$0, default: 0] < creationOrder[$1, default: 0] }
        }
        var rows: [StoredRecord] = []
        for id in ids {
            guard let record = records[id], includeDeleted || !record.isDeleted,
                query.condition?.matches(record.fields) ?? true
            else { continue }
            rows.append(record)
        }
        if !query.order.isEmpty {
            rows.sort { RecordOrdering.precedes($0.fields, $1.fields, by: query.order) }
        }
        let start = min(query.offset, rows.count)
        let end = query.limit.map { min(rows.count, start + $0) } ?? rows.count
        return Array(rows[start..<end])
    }

    /// Ids that may satisfy `condition`, from equality indexes; `nil` when it needs a full scan.
    private mutating func candidateIDs(_ condition: Condition, _ object: ObjectSchema) -> Set<String>? {
        switch condition {
        case .compare(let field, .equal, .string(let value)) where field.type.isText:
            return ids(of: object, where: field, equals: .string(Self.comparable(value, field)))
        case .within(let field, let literals, negated: false) where field.type.isText:
            var union = Set<String>()
            for literal in literals {
                guard case .string(let value) = literal else { return nil }
                union.formUnion(ids(of: object, where: field, equals: .string(Self.comparable(value, field))))
            }
            return union
        case .and(let parts):
            for part in parts {
                if let candidates = candidateIDs(part, object) { return candidates }
            }
            return nil
        case .or(let parts):
            var union = Set<String>()
            for part in parts {
                guard let candidates = candidateIDs(part, object) else { return nil }
                union.formUnion(candidates)
            }
            return union
        default:
            return nil
        }
    }

    /// Ids compare in their 18-character form, whichever form the query wrote.
    private static func comparable(_ value: String, _ field: FieldSchema) -> String {
        field.type == .id || field.type == .reference ? RecordID.normalized(value) ?? value : value
    }
}

/// ORDER BY's comparison: text ignoring case, numbers, booleans and dates; nulls first or last.
enum RecordOrdering {
    static func precedes(_ left: [String: JSON], _ right: [String: JSON], by order: [OrderItem]) -> Bool {
        for item in order {
            let a = left[item.field.name] ?? .null
            let b = right[item.field.name] ?? .null
            if a == b { continue }
            if a == .null { return item.nullsFirst }
            if b == .null { return !item.nullsFirst }
            let ascending: Bool
            switch (a, b) {
            case (.string(let x), .string(let y)):
                let result = x.caseInsensitiveCompare(y)
                if result == .orderedSame { continue }
                ascending = result == .orderedAscending
            case (.bool(let x), .bool(let y)):
                ascending = !x && y
            default:
                let x = a.doubleValue ?? 0
                let y = b.doubleValue ?? 0
                if x == y { continue }
                ascending = x < y
            }
            return item.ascending ? ascending : !ascending
        }
        return false
    }
}
