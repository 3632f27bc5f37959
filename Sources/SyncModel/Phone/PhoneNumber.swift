/// A phone number in E.164 form (`+14155550101`): the only form avosync stores or compares.
///
/// Salesforce keeps phone fields exactly as people typed them, so equality of records' phones is
/// decided on these normalised digits, never on the written text.
public struct PhoneNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `+` followed by 8 to 15 digits.
    public let e164: String

    /// A number already in E.164 form (as stored); nil if `e164` is not `+` and 8 to 15 digits.
    public init?(e164: String) {
        let digits = e164.utf8.dropFirst()
        guard e164.utf8.first == UInt8(ascii: "+"), (8...15).contains(digits.count),
            digits.allSatisfy(NameRules.isDigit)
        else { return nil }
        self.e164 = e164
    }

    /// The digits without `+`, as Salesforce's phone search matches them.
    public var digits: Substring { e164.dropFirst() }

    public var description: String { e164 }

    public static func < (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool { lhs.e164 < rhs.e164 }
}

/// Why a written phone number was refused.
public struct PhoneNumberError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for a person.
    public var description: String

    init(_ description: String) { self.description = description }
}
