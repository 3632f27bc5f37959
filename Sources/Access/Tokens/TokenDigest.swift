import Crypto

/// The SHA-256 of a token: all a tokens file and a session keep of it.
///
/// Looking a digest up in a table leaks nothing useful through timing: matching a digest's
/// first bytes tells nothing of a token that hashes to it.
public struct TokenDigest: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// The digest of `token`'s UTF-8 bytes.
    public init(of token: some StringProtocol) {
        bytes = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// A digest written as 64 lowercase hex digits; nil for anything else.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.value(digits[index]), let low = Self.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// 64 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The first 8 hex digits: enough to tell digests apart in a listing, too few to matter.
    public var shortHex: String { String(hex.prefix(8)) }

    public var description: String { "sha256:" + shortHex + "…" }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
