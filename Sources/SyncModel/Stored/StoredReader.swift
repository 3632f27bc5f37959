package import ByteCoding

/// A reader over one stored record that throws, naming the field, when the bytes run short.
package struct StoredReader: ~Copyable {
    package var bytes: ByteReader

    package init(_ bytes: UnsafeRawBufferPointer) { self.bytes = ByteReader(bytes) }

    package mutating func byte(_ field: StaticString) throws(StoredDecodingError) -> UInt8 {
        guard let value = bytes.readByte() else { throw truncated(field) }
        return value
    }

    package mutating func varint(_ field: StaticString) throws(StoredDecodingError) -> UInt64 {
        guard let value = bytes.readVarint() else { throw truncated(field) }
        return value
    }

    package mutating func zigZag(_ field: StaticString) throws(StoredDecodingError) -> Int64 {
        guard let value = bytes.readZigZag() else { throw truncated(field) }
        return value
    }

    package mutating func string(_ field: StaticString) throws(StoredDecodingError) -> String {
        guard let value = bytes.readString() else { throw StoredDecodingError("\(field): truncated or not UTF-8") }
        return value
    }

    package mutating func optionalString(_ field: StaticString) throws(StoredDecodingError) -> String? {
        try byte(field) == 0 ? nil : string(field)
    }

    package mutating func strings(_ field: StaticString) throws(StoredDecodingError) -> [String] {
        let count = try varint(field)
        guard count <= UInt64(bytes.remaining) else { throw truncated(field) }
        var values: [String] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count { values.append(try string(field)) }
        return values
    }

    package mutating func record(_ field: StaticString) throws(StoredDecodingError) -> RecordReference {
        RecordReference(object: try string(field), id: try string(field))
    }

    /// Optional strings behind a presence mask, as `appendMasked` wrote them.
    package mutating func masked(_ count: Int, _ field: StaticString) throws(StoredDecodingError) -> [String?] {
        let mask = try byte(field)
        guard mask >> count == 0 else { throw StoredDecodingError("\(field): unknown presence bits \(mask)") }
        var values: [String?] = []
        for bit in 0..<count { values.append(mask & (1 << bit) != 0 ? try string(field) : nil) }
        return values
    }

    package mutating func time() throws(StoredDecodingError) -> EventTime {
        let seconds = try zigZag("time")
        let nanoseconds = try varint("time")
        let offset = try zigZag("time")
        guard nanoseconds < 1_000_000_000, abs(offset) < 24 * 60 else {
            throw StoredDecodingError("time: fields out of range")
        }
        return EventTime(seconds: seconds, nanoseconds: UInt32(nanoseconds), offsetMinutes: Int16(offset))
    }

    package mutating func optionalTime(_ field: StaticString) throws(StoredDecodingError) -> EventTime? {
        try byte(field) == 1 ? try time() : nil
    }

    /// Whether every byte of the record was read (older records may end before newer fields).
    package var atEnd: Bool { bytes.remaining == 0 }

    package func expectEnd() throws(StoredDecodingError) {
        guard bytes.remaining == 0 else {
            throw StoredDecodingError("\(bytes.remaining) unexpected bytes after the record")
        }
    }

    private func truncated(_ field: StaticString) -> StoredDecodingError {
        StoredDecodingError("\(field): record ends early")
    }
}
