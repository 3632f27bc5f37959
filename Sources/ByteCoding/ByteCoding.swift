#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Little-endian integers and LEB128 varints, the two encodings of every on-disk format avosync writes.
extension Array where Element == UInt8 {
    @inlinable package mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    @inlinable package mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(rest))
    }

    /// Overwrites `MemoryLayout<T>.size` bytes at `index` with `value` in little-endian order.
    @inlinable package mutating func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at index: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: index, as: T.self) }
    }
}

/// A forward reader over borrowed bytes that fails (returns nil) instead of reading past the end.
@frozen package struct ByteReader {
    package let bytes: UnsafeRawBufferPointer
    package var index: Int

    @inlinable package init(_ bytes: UnsafeRawBufferPointer, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    @inlinable package var remaining: Int { bytes.count - index }

    @inlinable package mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { return nil }
        defer { index += size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: T.self))
    }

    /// One byte, without the generic machinery of `read(_:)` (the decoders' hottest call).
    @inlinable package mutating func readByte() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    @inlinable package mutating func readVarint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    @inlinable package mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, remaining >= count else { return nil }
        defer { index += count }
        return UnsafeRawBufferPointer(rebasing: bytes[index..<index + count])
    }
}

extension Array where Element == UInt8 {
    /// A signed integer as a zig-zag varint: small magnitudes of either sign take few bytes.
    @inlinable package mutating func appendZigZag(_ value: Int64) {
        appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A string as its UTF-8 length (varint) followed by its UTF-8 bytes.
    @inlinable package mutating func appendString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count))
            append(contentsOf: utf8)
        }
    }
}

extension ByteReader {
    /// Reads a zig-zag varint written by `appendZigZag`.
    @inlinable package mutating func readZigZag() -> Int64? {
        guard let raw = readVarint() else { return nil }
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a string written by `appendString`; nil when truncated.
    ///
    /// Invalid UTF-8 is repaired (U+FFFD), not refused: every string was valid when written and
    /// every byte is under a checksum, and the repairing decoder is several times faster.
    @inlinable package mutating func readString() -> String? {
        guard let length = readVarint(), length <= UInt64(remaining), let bytes = readBytes(Int(length)) else {
            return nil
        }
        return String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// Skips a string written by `appendString`, returning its bytes without decoding them.
    @inlinable package mutating func readStringBytes() -> UnsafeRawBufferPointer? {
        guard let length = readVarint(), length <= UInt64(remaining) else { return nil }
        return readBytes(Int(length))
    }
}

extension UnsafeRawBufferPointer {
    /// Whether `other` holds the same bytes (one `memcmp`, not a byte-by-byte walk).
    package func sameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        guard count > 0, let left = baseAddress, let right = other.baseAddress else { return true }
        return memcmp(left, right, count) == 0
    }
}
