/// Salesforce record ids: a 3-character key prefix naming the object, 12 characters that are
/// unique within it, and a 3-character suffix that makes the id case-insensitively unique.
///
/// Salesforce accepts the 15-character form anywhere and always answers with the 18-character one.
public enum RecordID {
    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    private static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)

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
        let bytes = Array(text.utf8)
        guard bytes.count == 15 || bytes.count == 18, bytes.allSatisfy(isAlphanumeric) else { return nil }
        var full = Array(bytes[0..<15])
        full += suffix(of: full)
        if bytes.count == 18 {
            // The suffix only says which letters are upper-case: compare it ignoring case.
            for index in 15..<18 where bytes[index] | 0x20 != full[index] | 0x20 { return nil }
        }
        return String(decoding: full, as: UTF8.self)
    }

    /// The key prefix of an id.
    public static func keyPrefix(of id: String) -> String {
        String(id.prefix(3))
    }

    private static func withSuffix(_ base: String) -> String {
        let bytes = Array(base.utf8)
        return String(decoding: bytes + suffix(of: bytes), as: UTF8.self)
    }

    /// The checksum: one character per 5-character chunk, whose bits say which of the chunk's
    /// characters are upper-case letters.
    private static func suffix(of base: [UInt8]) -> [UInt8] {
        (0..<3).map { chunk in
            var bits = 0
            for offset in 0..<5 where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(base[chunk * 5 + offset]) {
                bits |= 1 << offset
            }
            return suffixAlphabet[bits]
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }
}
