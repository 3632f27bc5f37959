/// A validated Salesforce API name (an object or a field): a letter, then letters, digits and
/// single underscores, at most 80 characters, such as `Phone` or `FavoriteFood__c`. Nothing else
/// can be spliced into a query, so a name can never carry SOQL or SOSL of its own.
public struct APIName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) throws(InvalidAPIName) {
        guard Self.isValid(text) else { throw InvalidAPIName(name: text) }
        rawValue = text
    }

    /// For names written in this code, known valid.
    init(known text: String) {
        precondition(Self.isValid(text), "\(text) is not an API name")
        rawValue = text
    }

    /// Whether `text` is a valid API name.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...80).contains(bytes.count), let first = bytes.first, isLetter(first), bytes.last != UInt8(ascii: "_")
        else { return false }
        var run = 0
        var doubles = 0
        for byte in bytes + [0] {
            if byte == UInt8(ascii: "_") {
                run += 1
                continue
            }
            // `ns__Field__c`: a namespace and a suffix are the only places for a double underscore.
            if run > 2 { return false }
            if run == 2 { doubles += 1 }
            run = 0
            guard byte == 0 || isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                return false
            }
        }
        return doubles <= 2
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    public var description: String { rawValue }

    public static func < (lhs: APIName, rhs: APIName) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A string that is not a valid API name.
public struct InvalidAPIName: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var description: String {
        "\"\(name)\" is not a Salesforce API name (a letter, then letters, digits and underscores, at most 80)"
    }
}
