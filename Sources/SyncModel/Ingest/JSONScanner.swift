/// A strict JSON parser (RFC 8259) that reads UTF-8 bytes in one pass straight into `JSONValue`.
///
/// Foundation's `JSONSerialization` made ingest 25 times slower than the log; this reads an event
/// line in about a microsecond. It is stricter than Foundation too: a repeated key, a lone
/// surrogate escape, a number too large for a double, nesting deeper than `maxDepth`, and any
/// byte that is not UTF-8 are refused, each with the byte position at fault.
public struct JSONScanner {
    /// The deepest nesting of arrays and objects accepted: ingest needs three levels; hostile
    /// input must not exhaust the stack.
    public static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var depth = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses one JSON document (any value) that fills `bytes`, whitespace around it allowed.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        let value = try scanner.value()
        scanner.skipWhitespace()
        if scanner.position < bytes.count {
            throw scanner.error("unexpected text after the JSON value")
        }
        return value
    }

    /// Parses the JSON document in `bytes`.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(JSONSyntaxError) {
                return .success(try parse(UnsafeRawBufferPointer(buffer)))
            } catch {
                return .failure(error)
            }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        let copied: Result<JSONValue, JSONSyntaxError> = copy.withUnsafeBytes { buffer in
            do throws(JSONSyntaxError) {
                return .success(try parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try copied.get()
    }

    // MARK: Values

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input; a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw unexpectedByte("a value was expected")
        }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        position += 1
        var members: [JSONMember] = []
        // Large objects are checked for repeated keys through a set: linear search would be
        // quadratic in a hostile line's members.
        var keys: Set<String>? = nil
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw unexpectedByte("a member name in double quotes was expected")
            }
            let keyStart = position
            let key = try string()
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw unexpectedByte("':' was expected after a member name") }
            skipWhitespace()
            let repeated: Bool
            if keys != nil {
                repeated = !keys!.insert(key).inserted
            } else {
                repeated = members.contains { $0.key == key }
                if members.count == 16 { keys = Set(members.map(\.key) + [key]) }
            }
            if repeated {
                throw JSONSyntaxError(offset: keyStart, reason: "the member \"\(key)\" appears twice")
            }
            members.append(JSONMember(key, try value()))
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            if try consume(UInt8(ascii: "}")) { break }
            throw unexpectedByte("',' or '}' was expected")
        }
        depth -= 1
        members.sort { $0.key < $1.key }
        return .object(members)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        position += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(values)
        }
        while true {
            skipWhitespace()
            values.append(try value())
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            if try consume(UInt8(ascii: "]")) { break }
            throw unexpectedByte("',' or ']' was expected")
        }
        depth -= 1
        return .array(values)
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
            memcmpEqual(bytes.baseAddress! + position, word.utf8Start, count)
        else { throw unexpectedByte("a value was expected") }
        position += count
        return value
    }

    // MARK: Numbers

    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw unexpectedByte("a digit was expected in a number")
        }
        var magnitude: UInt64 = 0
        var fits = true
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw error("a number cannot start with a leading zero")
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                let (times10, over1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, over2) = times10.addingReportingOverflow(UInt64(bytes[position] &- 0x30))
                if over1 || over2 { fits = false }
                magnitude = sum
                position += 1
            }
        }
        var integral = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw unexpectedByte("a digit was expected after the decimal point")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            integral = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw unexpectedByte("a digit was expected in the exponent")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if integral {
            if fits, !negative, magnitude <= UInt64(Int64.max) { return .integer(Int64(magnitude)) }
            if fits, negative, magnitude <= UInt64(Int64.max) + 1 { return .integer(Int64(bitPattern: 0 &- magnitude)) }
            // Read as a double it would change silently: refuse it instead.
            throw JSONSyntaxError(
                offset: start,
                reason:
                    "the integer \(literal(start..<position).prefix(40)) is too large for 64 bits; send it as a string"
            )
        }
        let text = literal(start..<position)
        guard let double = Double(text), double.isFinite else {
            throw JSONSyntaxError(offset: start, reason: "the number \(text.prefix(40)) is too large")
        }
        return .number(double)
    }

    /// The bytes of `range` as text, for messages and number conversion.
    private func literal(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: Strings

    private mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        // The common case: ASCII without escapes, made into a String without a second look.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            position += 1
        }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while true {
            guard position < bytes.count else { throw error("unexpected end of input inside a string") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case ..<0x20:
                throw error("a control character (0x\(String(byte, radix: 16))) must be escaped inside a string")
            case ..<0x80:
                utf8.append(byte)
                position += 1
            default:
                let length = UTF8Validation.sequenceLength(in: bytes, at: position)
                guard length > 0 else { throw JSONSyntaxError(offset: position, reason: JSONSyntaxError.invalidUTF8) }
                utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<position + length]))
                position += length
            }
        }
    }

    private mutating func escape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        let start = position
        position += 1
        guard position < bytes.count else { throw error("unexpected end of input inside a string") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(letter)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800...0xDBFF).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw JSONSyntaxError(offset: start, reason: "a lone surrogate escape (\\u\(hex(scalar)))") }
                position += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(offset: start, reason: "a lone surrogate escape (\\u\(hex(scalar)))")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONSyntaxError(offset: start, reason: "a lone surrogate escape (\\u\(hex(scalar)))")
            }
            utf8.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw JSONSyntaxError(offset: start, reason: "an unknown escape in a string")
        }
    }

    private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("unexpected end of input in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 0x57
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 0x37
            default: throw unexpectedByte("four hexadecimal digits were expected in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    // MARK: Helpers

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func consume(_ byte: UInt8) throws(JSONSyntaxError) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, reason: reason) }

    private func unexpectedByte(_ expected: String) -> JSONSyntaxError {
        guard position < bytes.count else { return error("unexpected end of input; \(expected)") }
        let byte = bytes[position]
        let shown =
            (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return error("unexpected \(shown); \(expected)")
    }
}

/// Why bytes are not JSON: the 0-based byte offset at fault and the reason.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// The reason given for bytes that are not UTF-8.
    public static let invalidUTF8 = "invalid UTF-8"

    /// `byte 17: the member "phone" appears twice` (1-based, as editors count).
    public var description: String { "byte \(offset + 1): \(reason)" }
}

private func memcmpEqual(_ left: UnsafeRawPointer, _ right: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for index in 0..<count where left.load(fromByteOffset: index, as: UInt8.self) != right[index] { return false }
    return true
}
