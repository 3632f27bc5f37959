/// A token of SOQL (and of the SOQL-like clauses inside SOSL's RETURNING).
enum QueryToken: Equatable, Sendable {
    case word(String)
    /// A quoted literal, decoded; `likePattern` keeps `\%` and `\_` apart from the wildcards.
    case string(String, likePattern: [LikeElement])
    case number(String)
    case dateTime(String)
    case date(String)
    case symbol(String)

    /// Whether this is the keyword `keyword`, ignoring case.
    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = self { return word.uppercased() == keyword }
        return false
    }

    var text: String {
        switch self {
        case .word(let word): word
        case .string(let value, _): "'\(value)'"
        case .number(let value), .dateTime(let value), .date(let value), .symbol(let value): value
        }
    }
}

/// A piece of a LIKE pattern.
enum LikeElement: Equatable, Sendable {
    case literal(Character)
    /// `%`: any run of characters.
    case anyRun
    /// `_`: exactly one character.
    case anyOne
}

/// Splits SOQL text into tokens, decoding string literals with SOQL's escape sequences.
struct QueryLexer {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    /// All tokens, or `MALFORMED_QUERY` naming the bad literal or character.
    static func tokens(of text: String) throws(RecordError) -> [QueryToken] {
        var lexer = QueryLexer(text)
        var tokens: [QueryToken] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    private mutating func next() throws(RecordError) -> QueryToken? {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position < characters.count else { return nil }
        let character = characters[position]
        if character == "'" { return try stringLiteral() }
        if character.isNumber || (character == "-" && peekIsDigit(at: position + 1)) { return number() }
        if character.isLetter || character == "_" {
            let start = position
            while position < characters.count,
                characters[position].isLetter || characters[position].isNumber || "_.".contains(characters[position])
            {
                position += 1
            }
            return .word(String(characters[start..<position]))
        }
        for symbol in ["!=", "<>", "<=", ">=", "=", "<", ">", "(", ")", ","] where matches(symbol) {
            position += symbol.count
            return .symbol(symbol)
        }
        throw RecordError("MALFORMED_QUERY", "unexpected token: '\(character)'")
    }

    private func peekIsDigit(at index: Int) -> Bool {
        index < characters.count && characters[index].isNumber
    }

    private func matches(_ symbol: String) -> Bool {
        let end = position + symbol.count
        return end <= characters.count && String(characters[position..<end]) == symbol
    }

    /// A number, a date (`2024-05-01`) or a date-time (`2024-05-01T10:00:00Z`).
    private mutating func number() -> QueryToken {
        let start = position
        position += 1
        while position < characters.count,
            characters[position].isNumber || ".-:+TZ".contains(characters[position])
        {
            // A sign after digits belongs to a date or a zone offset, not to a following term.
            position += 1
        }
        let text = String(characters[start..<position])
        if SalesforceTime.parseDateTime(text) != nil { return .dateTime(text) }
        if SalesforceTime.isDate(text) { return .date(text) }
        return .number(text)
    }

    private mutating func stringLiteral() throws(RecordError) -> QueryToken {
        position += 1
        var value = ""
        var pattern: [LikeElement] = []
        while position < characters.count {
            let character = characters[position]
            position += 1
            switch character {
            case "'":
                return .string(value, likePattern: pattern)
            case "%":
                value.append(character)
                pattern.append(.anyRun)
            case "_":
                value.append(character)
                pattern.append(.anyOne)
            case "\\":
                guard position < characters.count else { break }
                let escaped = characters[position]
                position += 1
                let decoded: Character
                switch escaped {
                case "n": decoded = "\n"
                case "r": decoded = "\r"
                case "t": decoded = "\t"
                case "b": decoded = "\u{8}"
                case "f": decoded = "\u{c}"
                case "\"", "'", "\\", "%", "_": decoded = escaped
                case "u":
                    let end = position + 4
                    guard end <= characters.count, let code = UInt32(String(characters[position..<end]), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else {
                        throw RecordError("MALFORMED_QUERY", "Invalid unicode escape in string literal")
                    }
                    position = end
                    decoded = Character(scalar)
                default:
                    throw RecordError(
                        "MALFORMED_QUERY",
                        "Invalid string literal: Illegal character sequence '\\\(escaped)' in string literal."
                    )
                }
                value.append(decoded)
                pattern.append(.literal(decoded))
            default:
                value.append(character)
                pattern.append(.literal(character))
            }
        }
        throw RecordError("MALFORMED_QUERY", "unexpected end of query: unterminated string literal")
    }
}
