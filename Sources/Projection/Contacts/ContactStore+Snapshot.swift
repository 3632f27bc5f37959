import ByteCoding
import SyncModel

// A contact store in a snapshot (format 4): its names, then its live records end to end in the
// order they lie (moved ones left out).
//
// | field | encoding |
// | --- | --- |
// | names | varint count, then each name as a string, by number |
// | contacts | varint count |
// | records | varint byte length, then every live `ContactRecord` |

extension Array where Element == UInt8 {
    mutating func appendContacts(_ store: ContactStore) {
        appendVarint(UInt64(store.names.count))
        for name in store.names.names { appendString(name) }
        appendVarint(UInt64(store.count))
        appendVarint(UInt64(store.bytes.count - store.garbage))
        store.bytes.withUnsafeBytes { buffer in
            for start in store.liveStarts {
                append(contentsOf: buffer[start..<ContactRecord.bounds(at: start, in: buffer).end])
            }
        }
    }
}

extension StoredReader {
    /// A contact store as `appendContacts` wrote it, every record checked before it is taken.
    mutating func contactStore() throws(StoredDecodingError) -> ContactStore {
        var store = ContactStore()
        let nameCount = try varint("contact field names")
        guard nameCount <= UInt64(bytes.remaining) else {
            throw StoredDecodingError("contact field names: record ends early")
        }
        for _ in 0..<nameCount {
            let name = try string("contact field name")
            guard Int(store.names.number(for: name)) == store.names.count - 1 else {
                throw StoredDecodingError("contact field name \(name) appears twice")
            }
        }
        let contacts = try varint("contacts")
        let length = try varint("contact records")
        guard contacts <= length, length <= UInt64(bytes.remaining), let records = bytes.readBytes(Int(length)) else {
            throw StoredDecodingError("contact records: \(contacts) contacts in \(length) bytes do not fit")
        }
        store.bytes = Array(records)
        let starts = try store.bytes.withUnsafeBytes { buffer in
            Result { () throws(StoredDecodingError) in
                try ContactStore.recordStarts(in: buffer, contacts: Int(contacts), names: store.names.count)
            }
        }.get()
        try store.index(starts)
        return store
    }
}

extension ContactStore {
    /// Where each of `contacts` records starts in `buffer`, every one checked.
    fileprivate static func recordStarts(
        in buffer: UnsafeRawBufferPointer,
        contacts: Int,
        names: Int
    ) throws(StoredDecodingError) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(contacts)
        var start = 0
        for number in 0..<contacts {
            guard let record = ContactRecord(at: start, in: buffer, names: names) else {
                throw StoredDecodingError("contact record \(number) (byte \(start)) does not decode")
            }
            starts.append(start)
            start = record.end
        }
        guard start == buffer.count else {
            throw StoredDecodingError("contact records: \(buffer.count - start) bytes after the last one")
        }
        return starts
    }

    /// Indexes the records starting at `starts`, refusing an id that appears twice.
    fileprivate mutating func index(_ starts: [Int]) throws(StoredDecodingError) {
        rebuildIndex(for: starts.count)
        slots = Array(repeating: 0, count: slots.count)
        for start in starts {
            let (id, hash) = bytes.withUnsafeBytes { buffer in
                let id = UnsafeRawBufferPointer(rebasing: buffer[ContactRecord.id(at: start, in: buffer)])
                return (String(decoding: id, as: UTF8.self), ContactStore.hash(id))
            }
            var utf8 = id
            let found = utf8.withUTF8 { find(UnsafeRawBufferPointer($0), hash: hash) }
            guard found.start == nil else { throw StoredDecodingError("contact \(id) appears twice") }
            point(found.slot, at: start, hash: hash)
            count += 1
        }
    }
}
