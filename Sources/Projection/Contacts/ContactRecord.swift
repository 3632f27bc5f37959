import ByteCoding
import SyncModel

/// Where the parts of one contact's record lie in a `ContactStore`'s bytes.
///
/// A record is the contact's id and everything it holds, in one run of bytes:
///
/// | field | encoding |
/// | --- | --- |
/// | length of the rest | varint |
/// | state | u8: 0 live, 1 moved (its contact's record is further on; these bytes are garbage) |
/// | Task count | u64 LE (counted in place) |
/// | id | string (varint length, UTF-8) |
/// | latest edit | varint, its events-log offset + 1 (0: none) |
/// | standard fields | u8 mask (bit = `ContactField.storedCode`), then each present value as a string |
/// | custom fields | varint count, then per field (by name number): varint name number, value as stored in the log (tag, then bytes) |
/// | link | u8 0, or 1 then object and id as strings |
/// | Salesforce values | varint count, then per field (by name number): varint name number, string |
///
/// Names are numbers in the store's `NameTable`. Custom fields and Salesforce values are in
/// ascending name number, so a contact's record has exactly one form.
struct ContactRecord {
    /// One past the record's last byte.
    var end: Int
    /// The id's UTF-8 bytes.
    var id: Range<Int>
    /// The offset of the latest edit + 1; 0 for none.
    var latestEdit: UInt64
    /// Each present standard field's string, length prefix included.
    var fields = ContactFieldMap<Range<Int>>()
    /// How many custom fields, and their entries (after the count).
    var customCount: Int
    var custom: Range<Int>
    /// The link and the Salesforce values, as one run.
    var tail: Range<Int>

    /// The state byte of a record whose contact moved on.
    static let moved: UInt8 = 1
    /// Bytes from the state byte to the id: the state and the Task count.
    static let headerSize = 9

    /// Reads the record at `start`, checking every part (`names`: how many names the store has);
    /// nil when it is malformed or not live.
    init?(at start: Int, in bytes: UnsafeRawBufferPointer, names: Int) {
        var reader = ByteReader(bytes, at: start)
        guard let length = reader.readVarint(), length <= UInt64(reader.remaining), length > UInt64(Self.headerSize)
        else { return nil }
        end = reader.index + Int(length)
        reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<end]), at: reader.index)
        guard reader.readByte() == 0, reader.read(UInt64.self) != nil, let id = reader.readStringBytes() else {
            return nil
        }
        self.id = reader.index - id.count..<reader.index
        guard let latestEdit = reader.readVarint(), let mask = reader.readByte(), mask < 1 << 7 else { return nil }
        self.latestEdit = latestEdit
        for code in UInt8(0)..<7 where mask & 1 << code != 0 {
            let fieldStart = reader.index
            guard reader.readStringBytes() != nil, let field = ContactField(storedCode: code) else { return nil }
            fields[field] = fieldStart..<reader.index
        }
        guard let customCount = reader.readVarint(), customCount <= UInt64(reader.remaining) else { return nil }
        self.customCount = Int(customCount)
        let customStart = reader.index
        var previous: UInt64?
        for _ in 0..<customCount {
            guard let name = reader.readVarint(), name < UInt64(names), previous.map({ $0 < name }) ?? true,
                Self.skipCustomValue(&reader)
            else { return nil }
            previous = name
        }
        custom = customStart..<reader.index
        let tailStart = reader.index
        guard let linked = reader.readByte(), linked <= 1 else { return nil }
        if linked == 1 { guard reader.readStringBytes() != nil, reader.readStringBytes() != nil else { return nil } }
        guard let valueCount = reader.readVarint(), valueCount <= UInt64(reader.remaining) else { return nil }
        previous = nil
        for _ in 0..<valueCount {
            guard let name = reader.readVarint(), name < UInt64(names), previous.map({ $0 < name }) ?? true,
                reader.readStringBytes() != nil
            else { return nil }
            previous = name
        }
        guard reader.index == end else { return nil }
        tail = tailStart..<end
    }

    /// Reads a record the store wrote itself (or checked when it loaded it), which is well formed
    /// by construction: positions only, no checks.
    init(storedAt start: Int, in bytes: UnsafeRawBufferPointer) {
        var reader = ByteReader(bytes, at: start)
        let length = Int(reader.readVarint() ?? 0)
        end = reader.index + length
        reader.index += Self.headerSize
        let idLength = Int(reader.readVarint() ?? 0)
        id = reader.index..<reader.index + idLength
        reader.index += idLength
        latestEdit = reader.readVarint() ?? 0
        let mask = reader.readByte() ?? 0
        for code in UInt8(0)..<7 where mask & 1 << code != 0 {
            let fieldStart = reader.index
            reader.index += Int(reader.readVarint() ?? 0)
            fields[ContactField(storedCode: code)!] = fieldStart..<reader.index
        }
        customCount = Int(reader.readVarint() ?? 0)
        let customStart = reader.index
        for _ in 0..<customCount {
            _ = reader.readVarint()
            _ = Self.skipCustomValue(&reader)
        }
        custom = customStart..<reader.index
        tail = reader.index..<end
    }

    /// Passes over one custom value (a present one: tag 1 to 5).
    static func skipCustomValue(_ reader: inout ByteReader) -> Bool {
        switch reader.readByte() {
        case 1: reader.readStringBytes() != nil
        case 2: reader.readVarint() != nil
        case 3: reader.read(UInt64.self) != nil
        case 4, 5: true
        default: false
        }
    }
}

/// The fixed parts of a stored record, read without the rest.
extension ContactRecord {
    /// Where the state byte of the record at `start` is, and one past its last byte.
    static func bounds(at start: Int, in bytes: UnsafeRawBufferPointer) -> (state: Int, end: Int) {
        var reader = ByteReader(bytes, at: start)
        let length = Int(reader.readVarint() ?? 0)
        return (reader.index, reader.index + length)
    }

    /// Where the id of the record at `start` lies.
    static func id(at start: Int, in bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var reader = ByteReader(bytes, at: bounds(at: start, in: bytes).state + headerSize)
        let length = Int(reader.readVarint() ?? 0)
        return reader.index..<reader.index + length
    }

    /// The Task count of the record at `start`.
    static func taskCount(at start: Int, in bytes: UnsafeRawBufferPointer) -> UInt64 {
        UInt64(
            littleEndian: bytes.loadUnaligned(fromByteOffset: bounds(at: start, in: bytes).state + 1, as: UInt64.self)
        )
    }
}

extension ContactRecord {
    /// The contact this record holds; `taskCount` is the record's.
    func contact(in bytes: UnsafeRawBufferPointer, names: NameTable, taskCount: UInt64) -> ContactState {
        var contact = ContactState()
        contact.lastEventOffset = latestEdit == 0 ? nil : latestEdit - 1
        contact.activityCount = taskCount
        for (field, range) in fields {
            var reader = ByteReader(bytes, at: range.lowerBound)
            contact.fields[field] = reader.readString()
        }
        var reader = StoredReader(bytes)
        reader.bytes.index = custom.lowerBound
        for _ in 0..<customCount {
            let name = names[UInt32(reader.bytes.readVarint() ?? 0)]
            contact.customFields[name] = (try? reader.customValue()) ?? nil
        }
        reader.bytes.index = tail.lowerBound
        if reader.bytes.readByte() == 1, let object = reader.bytes.readString(), let id = reader.bytes.readString() {
            contact.link = RecordReference(object: object, id: id)
        }
        for _ in 0..<(reader.bytes.readVarint() ?? 0) {
            let name = names[UInt32(reader.bytes.readVarint() ?? 0)]
            contact.salesforceValues[name] = reader.bytes.readString()
        }
        return contact
    }

    /// The contact's link, read without the rest.
    func link(in bytes: UnsafeRawBufferPointer) -> RecordReference? {
        var reader = ByteReader(bytes, at: tail.lowerBound)
        guard reader.readByte() == 1, let object = reader.readString(), let id = reader.readString() else { return nil }
        return RecordReference(object: object, id: id)
    }

    /// Whether the contact is linked, read from one byte.
    func isLinked(in bytes: UnsafeRawBufferPointer) -> Bool { bytes[tail.lowerBound] == 1 }

    /// The record of `contact` named `id`, without its length prefix.
    static func body(of contact: ContactState, id: String, names: inout NameTable) -> [UInt8] {
        var body: [UInt8] = [0]
        body.appendLittleEndian(contact.activityCount)
        body.appendString(id)
        body.appendVarint(contact.lastEventOffset.map { $0 + 1 } ?? 0)
        var mask: UInt8 = 0
        for (field, _) in contact.fields { mask |= 1 << field.storedCode }
        body.append(mask)
        for (_, value) in contact.fields { body.appendString(value) }
        let custom = contact.customFields.map { (names.number(for: $0.key), $0.value) }.sorted { $0.0 < $1.0 }
        body.appendVarint(UInt64(custom.count))
        for (number, value) in custom {
            body.appendVarint(UInt64(number))
            body.appendCustomValue(value)
        }
        if let link = contact.link {
            body.append(1)
            body.appendString(link.object)
            body.appendString(link.id)
        } else {
            body.append(0)
        }
        let values = contact.salesforceValues.map { (names.number(for: $0.key), $0.value) }.sorted { $0.0 < $1.0 }
        body.appendVarint(UInt64(values.count))
        for (number, value) in values {
            body.appendVarint(UInt64(number))
            body.appendString(value)
        }
        return body
    }
}
