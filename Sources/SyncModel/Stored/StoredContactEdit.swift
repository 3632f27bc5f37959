import ByteCoding

/// A contact edit (`contact.upserted`, or `salesforce.record_changed`) read in place from its
/// stored bytes: where its account, contact and values lie, without making a string. The fold
/// updates a contact from these slices, so that a year of edits costs no allocation each.
///
/// Slices are positions within the record they were read from, and mean nothing without it.
public struct StoredContactEdit: Sendable, Equatable {
    public var account: StoredSlice
    public var contact: StoredSlice
    /// The standard fields the edit names: a slice of the new value (UTF-8), or nil inside for
    /// a field it clears. A field named twice takes its last value, as decoding does.
    public var fields = ContactFieldMap<StoredSlice?>()
    /// How many custom fields it names.
    public private(set) var customCount = 0
    /// Where the first custom field starts.
    private var customStart = 0

    /// The edit stored in `record`; nil for a record that is not a contact edit of this format
    /// version. Throws when it is one that does not decode, so that a record is either taken
    /// whole or refused, exactly as `StoredEncoding.decode` would.
    public static func read(_ record: UnsafeRawBufferPointer) throws(StoredDecodingError) -> StoredContactEdit? {
        guard record.count >= 2, record.count < Int(Int32.max), record[0] == StoredTypeCode.formatVersion,
            let type = StoredTypeCode.eventType(code: record[1]),
            type == .contactUpserted || type == .salesforceRecordChanged
        else { return nil }
        var reader = StoredReader(record)
        reader.bytes.index = 2
        let account = try reader.slice("account")
        _ = try reader.time()
        _ = try reader.slice("id")
        let contact = try reader.slice("contact")
        if type == .salesforceRecordChanged {
            _ = try reader.slice("record")
            _ = try reader.slice("record")
        }
        var edit = StoredContactEdit(account: account, contact: contact)
        for _ in 0..<(try reader.varint("field count")) {
            let code = try reader.byte("field")
            guard let field = ContactField(storedCode: code) else {
                throw StoredDecodingError("field: unknown field number \(code)")
            }
            edit.fields[field] = .some(try reader.byte("field value") == 0 ? nil : try reader.slice("field value"))
        }
        let customCount = try reader.varint("custom field count")
        guard customCount <= UInt64(reader.bytes.remaining) else {
            throw StoredDecodingError("custom field count: record ends early")
        }
        edit.customCount = Int(customCount)
        edit.customStart = reader.bytes.index
        for _ in 0..<customCount {
            _ = try reader.slice("custom field key")
            _ = try reader.customValueSlice()
        }
        try reader.expectEnd()
        return edit
    }

    /// Calls `body` with each custom field the edit names, in stored order: its key (UTF-8) and
    /// its value as stored (a tag byte, 0 for a cleared field, then the value's bytes).
    public func forEachCustomField(
        in record: UnsafeRawBufferPointer,
        _ body: (_ key: StoredSlice, _ value: StoredSlice) -> Void
    ) {
        var reader = StoredReader(record)
        reader.bytes.index = customStart
        for _ in 0..<customCount {
            // `read` walked these bytes already: they cannot fail here.
            guard let key = try? reader.slice("custom field key"), let value = try? reader.customValueSlice() else {
                return
            }
            body(key, value)
        }
    }
}

/// A range of bytes within one stored record (records are far below 2 GiB: two 32-bit numbers
/// keep the fold's views small enough to pass around cheaply).
public struct StoredSlice: Hashable, Sendable {
    @usableFromInline let first: Int32
    @usableFromInline let length: Int32

    public init(start: Int, count: Int) {
        first = Int32(truncatingIfNeeded: start)
        length = Int32(truncatingIfNeeded: count)
    }

    /// Where the slice starts in its record.
    @inlinable public var start: Int { Int(first) }
    /// How many bytes it has.
    @inlinable public var count: Int { Int(length) }

    /// The slice's bytes in `record`.
    @inlinable public func bytes(in record: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: record[start..<start + count])
    }
}

extension StoredReader {
    /// A string's bytes (after its varint length), not decoded.
    package mutating func slice(_ field: StaticString) throws(StoredDecodingError) -> StoredSlice {
        guard let bytes = bytes.readStringBytes() else { throw StoredDecodingError("\(field): record ends early") }
        return StoredSlice(start: self.bytes.index - bytes.count, count: bytes.count)
    }

    /// A custom value's stored bytes, tag included: the bytes `customValue()` reads, checked the
    /// same way but without making its string.
    package mutating func customValueSlice() throws(StoredDecodingError) -> StoredSlice {
        let start = bytes.index
        switch try byte("custom value") {
        case 0, 4, 5: break
        case 1: _ = try slice("custom value")
        case 2: _ = try varint("custom value")
        case 3:
            guard bytes.read(UInt64.self) != nil else { throw StoredDecodingError("custom value: record ends early") }
        case let other: throw StoredDecodingError("custom value: unknown tag \(other)")
        }
        return StoredSlice(start: start, count: bytes.index - start)
    }
}
