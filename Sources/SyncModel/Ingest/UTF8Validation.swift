/// UTF-8 well-formedness as Unicode defines it (table 3-7): no overlong forms, no surrogates,
/// nothing above U+10FFFF.
enum UTF8Validation {
    /// The length of the well-formed multi-byte sequence that starts at `position`, or 0 when
    /// the bytes there are not one.
    static func sequenceLength(in bytes: UnsafeRawBufferPointer, at position: Int) -> Int {
        let lead = bytes[position]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: return 0
        }
        guard position + length <= bytes.count else { return 0 }
        guard (low...high).contains(bytes[position + 1]) else { return 0 }
        for index in position + 2..<position + length where bytes[index] & 0xC0 != 0x80 { return 0 }
        return length
    }
}
