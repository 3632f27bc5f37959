public import SyncModel

/// How phone numbers are compared with what Salesforce stores: on their digits, whatever the
/// formatting, with North America's leading 1 optional (`(415) 555-0101` is `+14155550101`).
public enum PhoneMatching {
    /// The comparable digits of a phone as written anywhere; nil when too short to be a number.
    public static func key(_ written: String) -> String? {
        var digits = String(written.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        if digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
        return digits.count >= 7 ? digits : nil
    }

    /// The comparable digits of a normalised number.
    public static func key(_ phone: PhoneNumber) -> String? { key(phone.e164) }

    /// The term to search for with SOSL: the comparable digits, which carry no SOSL operator.
    public static func searchTerm(_ phone: PhoneNumber) -> String? { key(phone) }

    /// Ways the same number is commonly written, for SOQL's literal comparisons: E.164 first
    /// (avosync's own spelling), then North American layouts for +1 numbers.
    public static func spellings(_ phone: PhoneNumber) -> [String] {
        var result = [phone.e164]
        let digits = String(phone.e164.dropFirst())
        guard phone.e164.hasPrefix("+1"), digits.count == 11 else { return result + [digits] }
        let national = Array(digits.dropFirst())
        let area = String(national[0..<3])
        let exchange = String(national[3..<6])
        let line = String(national[6..<10])
        result += [
            String(national), digits, "(\(area)) \(exchange)-\(line)", "\(area)-\(exchange)-\(line)",
            "\(area).\(exchange).\(line)", "\(area) \(exchange) \(line)", "+1 \(area) \(exchange) \(line)",
            "+1 (\(area)) \(exchange)-\(line)", "1 (\(area)) \(exchange)-\(line)", "+1-\(area)-\(exchange)-\(line)",
            "1-\(area)-\(exchange)-\(line)",
        ]
        return result
    }
}
