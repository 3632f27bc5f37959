/// An ISO 3166 alpha-2 country code whose numbering plan avosync knows, for phone numbers written
/// without a country code.
public struct CountryCode: Sendable, Hashable, CustomStringConvertible {
    /// Two upper-case letters.
    public let code: String

    /// The default of every new account.
    public static let unitedStates = CountryCode(validated: "US")

    /// A country code, or why it cannot be used.
    public static func parse(_ text: String) -> Result<CountryCode, CountryCodeError> {
        guard text.utf8.count == 2, text.utf8.allSatisfy(NameRules.isLetter) else {
            return .failure(.init(description: "\"\(text)\" is not an ISO 3166 alpha-2 code (two letters, such as US)"))
        }
        let code = text.uppercased()
        guard PhoneRegions.byCountry[code] != nil else {
            return .failure(
                .init(
                    description:
                        "\(code) is not a country whose numbering plan avosync knows; known: \(supported.joined(separator: " "))"
                )
            )
        }
        return .success(CountryCode(validated: code))
    }

    /// Every code `parse` accepts, sorted.
    public static var supported: [String] { PhoneRegions.byCountry.keys.sorted() }

    package init(validated code: String) { self.code = code }

    public var description: String { code }
}

/// Why a country code was refused.
public struct CountryCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}
