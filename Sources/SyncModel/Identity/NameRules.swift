/// The naming rules of the ingest contract, shared by validation and by every later check.
public enum NameRules {
    /// The longest account, contact, event id or custom field key.
    public static let maxIdentifierLength = 64

    /// The longest Salesforce API name avosync accepts (Salesforce's own names stay well under it).
    public static let maxAPINameLength = 80

    /// Why `text` is not an identifier (1-64 characters of `A-Z a-z 0-9 _ . : -`), or nil if it is one.
    public static func identifierProblem(_ text: String) -> String? {
        let utf8 = text.utf8
        if utf8.isEmpty { return "must not be empty" }
        if utf8.count > maxIdentifierLength {
            return "is \(utf8.count) characters; at most \(maxIdentifierLength) are allowed"
        }
        if let bad = utf8.first(where: { !isIdentifierByte($0) }) {
            return "contains \(describe(byte: bad, in: text)); only A-Z a-z 0-9 _ . : - are allowed"
        }
        return nil
    }

    /// Why `text` is not a Salesforce API name, or nil if it is one.
    ///
    /// An API name is letters, digits and underscores, starts with a letter, and may end in `__c`
    /// (a custom object or field), optionally behind a managed package's `namespace__` prefix.
    /// Salesforce itself forbids a trailing underscore and two underscores in a row elsewhere.
    public static func apiNameProblem(_ text: String) -> String? {
        let utf8 = Array(text.utf8)
        guard let first = utf8.first else { return "must not be empty" }
        if utf8.count > maxAPINameLength {
            return "is \(utf8.count) characters; at most \(maxAPINameLength) are allowed"
        }
        if !isLetter(first) { return "must start with a letter" }
        if let bad = utf8.first(where: { !(isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_")) }) {
            return "contains \(describe(byte: bad, in: text)); only letters, digits and underscores are allowed"
        }
        var body = text
        if body.hasSuffix("__c") { body.removeLast(3) }
        let parts = body.split(separator: "__", omittingEmptySubsequences: false)
        if parts.count > 2 || (parts.count == 2 && !text.hasSuffix("__c")) {
            return "has a double underscore that is not a namespace prefix or the __c suffix"
        }
        for part in parts {
            if part.isEmpty || part.hasSuffix("_") || part.hasPrefix("_") || part.contains("__") {
                return "has a misplaced underscore (Salesforce forbids leading, trailing or doubled ones)"
            }
        }
        return nil
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func describe(byte: UInt8, in text: String) -> String {
        if byte >= 0x80 { return "a non-ASCII character" }
        if byte < 0x20 || byte == 0x7F { return "a control character" }
        return byte == UInt8(ascii: " ") ? "a space" : "'\(Character(Unicode.Scalar(byte)))'"
    }
}
