/// How SOSL's PHONE FIELDS compares numbers: on their digits alone, whatever the punctuation, so
/// "(415) 555-0101" and "+1 415 555 0101" are found by `4155550101`. A North American number
/// matches with or without its country code 1.
enum PhoneDigits {
    /// The digits that identify a number: every ASCII digit, without the leading 1 of an
    /// 11-digit North American number. Two phones match when their keys are equal.
    static func key(_ text: String) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        for byte in text.utf8 where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            digits.append(byte)
        }
        if digits.count == 11 && digits[0] == UInt8(ascii: "1") { digits.removeFirst() }
        return String(decoding: digits, as: UTF8.self)
    }
}
