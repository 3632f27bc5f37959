/// Salesforce record ids: a 3-character key prefix naming the object, 12 characters that are
/// unique within it, and a 3-character suffix that makes the id case-insensitively unique.
///
/// Salesforce accepts the 15-character form anywhere and always answers with the 18-character one.
public enum RecordID {
    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    private static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    /// The `sequence`-th id of an object with `keyPrefix`, in the 18-character form.
    ///
    /// Like the ids of a real org, the fourth and fifth characters name the pod ("5e") and the
    /// sixth is 0; the other nine count in base 62.
    public static func make(keyPrefix: String, sequence: Int) -> String {
        var digits = [Character](repeating: "0", count: 9)
        var rest = sequence
        for index in stride(from: 8, through: 0, by: -1) {
            digits[index] = base62[rest % 62]
            rest /= 62
        }
        return withSuffix(keyPrefix + "5e0" + String(digits))
    }

    /// The 18-character form of a 15- or 18-character id; `nil` when `text` is not an id.
    public static func normalized(_ text: String) -> String? {
        guard text.count == 15 || text.count == 18,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        let base = String(text.prefix(15))
        let full = withSuffix(base)
        if text.count == 18 && text.uppercased() != full.uppercased() { return nil }
        return full
    }

    /// The key prefix of an id.
    public static func keyPrefix(of id: String) -> String {
        String(id.prefix(3))
    }

    /// Appends the checksum: one character per 5-character chunk, whose bits say which of the
    /// chunk's characters are upper-case letters.
    private static func withSuffix(_ base: String) -> String {
        let characters = Array(base)
        var suffix = ""
        for chunk in 0..<3 {
            var bits = 0
            for offset in 0..<5 where characters[chunk * 5 + offset].isUppercase {
                bits |= 1 << offset
            }
            suffix.append(suffixAlphabet[bits])
        }
        return base + suffix
    }
}
