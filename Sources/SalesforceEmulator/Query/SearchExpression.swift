/// The search expression between SOSL's braces: words and "phrases" joined by AND, OR and AND NOT
/// (adjacent terms mean AND), grouped with parentheses; `*` and `?` are wildcards.
///
/// Salesforce's reserved characters (`? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -`) must be escaped
/// with a backslash to be searched for; unescaped, the syntax characters keep their meaning and
/// the rest are refused with MALFORMED_SEARCH.
indirect enum SearchExpression: Equatable, Sendable {
    case term(String, isPhrase: Bool)
    case and(SearchExpression, SearchExpression)
    case or(SearchExpression, SearchExpression)
    case andNot(SearchExpression, SearchExpression)

    /// Whether the terms, each matched by `matchesTerm`, satisfy the expression.
    func evaluate(_ matchesTerm: (String, Bool) -> Bool) -> Bool {
        switch self {
        case .term(let text, let isPhrase): matchesTerm(text, isPhrase)
        case .and(let left, let right): left.evaluate(matchesTerm) && right.evaluate(matchesTerm)
        case .or(let left, let right): left.evaluate(matchesTerm) || right.evaluate(matchesTerm)
        case .andNot(let left, let right): left.evaluate(matchesTerm) && !right.evaluate(matchesTerm)
        }
    }

    private enum Token: Equatable {
        case term(String, isPhrase: Bool)
        case open, close
    }

    static let reserved: Set<Character> = [
        "?", "&", "|", "!", "{", "}", "[", "]", "(", ")", "^", "~", "*", ":", "\\", "\"", "'", "+", "-",
    ]

    /// Parses the text between the braces (escapes still in place).
    static func parse(_ text: String) throws(RecordError) -> SearchExpression {
        var tokens = try tokenize(text)
        guard !tokens.isEmpty else { throw malformed("search term must not be empty") }
        var position = 0
        let expression = try parseOr(&tokens, &position)
        guard position == tokens.count else { throw malformed("unexpected ')' in search term") }
        return expression
    }

    private static func malformed(_ message: String) -> RecordError {
        RecordError("MALFORMED_SEARCH", message)
    }

    private static func tokenize(_ text: String) throws(RecordError) -> [Token] {
        var tokens: [Token] = []
        var characters = Array(text)[...]
        var word = ""
        func flush() {
            if !word.isEmpty { tokens.append(.term(word, isPhrase: false)) }
            word = ""
        }
        while let character = characters.popFirst() {
            switch character {
            case "\\":
                guard let escaped = characters.popFirst(), reserved.contains(escaped) else {
                    throw malformed("Invalid escape sequence in search term: only reserved characters may follow '\\'")
                }
                word.append(escaped)
            case "\"":
                flush()
                var phrase = ""
                while let next = characters.popFirst(), next != "\"" {
                    if next == "\\", let escaped = characters.popFirst() {
                        phrase.append(escaped)
                    } else {
                        phrase.append(next)
                    }
                }
                tokens.append(.term(phrase, isPhrase: true))
            case "(":
                flush()
                tokens.append(.open)
            case ")":
                flush()
                tokens.append(.close)
            case "*", "?":
                word.append(character)
            case _ where character.isWhitespace:
                flush()
            case _ where reserved.contains(character):
                throw malformed(
                    "line 1:\(text.count) mismatched character '\(character)': reserved characters in a search term must be escaped with a backslash"
                )
            default:
                word.append(character)
            }
        }
        flush()
        for case .term(let term, false) in tokens
        where !["AND", "OR", "NOT"].contains(term.uppercased()) && term.filter({ $0 != "*" && $0 != "?" }).count < 2 {
            throw malformed("search term must be longer than one character: \(term)")
        }
        return tokens
    }

    private static func isOperator(_ token: Token, _ name: String) -> Bool {
        if case .term(let text, false) = token { return text.uppercased() == name }
        return false
    }

    private static func parseOr(_ tokens: inout [Token], _ position: inout Int) throws(RecordError) -> SearchExpression
    {
        var left = try parseAnd(&tokens, &position)
        while position < tokens.count, isOperator(tokens[position], "OR") {
            position += 1
            left = .or(left, try parseAnd(&tokens, &position))
        }
        return left
    }

    private static func parseAnd(_ tokens: inout [Token], _ position: inout Int) throws(RecordError) -> SearchExpression
    {
        var left = try parsePrimary(&tokens, &position)
        while position < tokens.count, tokens[position] != .close, !isOperator(tokens[position], "OR") {
            if isOperator(tokens[position], "AND") {
                position += 1
                if position < tokens.count, isOperator(tokens[position], "NOT") {
                    position += 1
                    left = .andNot(left, try parsePrimary(&tokens, &position))
                    continue
                }
            }
            left = .and(left, try parsePrimary(&tokens, &position))
        }
        return left
    }

    private static func parsePrimary(
        _ tokens: inout [Token],
        _ position: inout Int
    ) throws(RecordError) -> SearchExpression {
        guard position < tokens.count else { throw malformed("search term ends with an operator") }
        let token = tokens[position]
        position += 1
        switch token {
        case .open:
            let inner = try parseOr(&tokens, &position)
            guard position < tokens.count, tokens[position] == .close else {
                throw malformed("missing ')' in search term")
            }
            position += 1
            return inner
        case .close:
            throw malformed("unexpected ')' in search term")
        case .term(let text, let isPhrase):
            if !isPhrase, ["AND", "OR", "NOT"].contains(text.uppercased()) {
                throw malformed("unexpected operator \(text) in search term")
            }
            return .term(text, isPhrase: isPhrase)
        }
    }
}
