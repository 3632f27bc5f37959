import ByteCoding
import SyncModel

// A contact store in a snapshot (format 4): its names, its records end to end in contact order
// (without the bytes no record uses), then each contact's Task count.
//
// | field | encoding |
// | --- | --- |
// | names | varint count, then each name as a string, by number |
// | contacts | varint count |
// | records | varint byte length, then every `ContactRecord` in contact order |
// | Task counts | a varint per contact, in contact order |

extension Array where Element == UInt8 {
    mutating func appendContacts(_ store: ContactStore) {
        appendVarint(UInt64(store.names.count))
        for name in store.names.names { appendString(name) }
        appendVarint(UInt64(store.count))
        appendVarint(UInt64(store.bytes.count - store.garbage))
        store.bytes.withUnsafeBytes { buffer in
            for start in store.starts {
                append(contentsOf: buffer[start..<ContactRecord.end(at: start, in: buffer)])
            }
        }
        for count in store.activityCounts { appendVarint(count) }
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
        store.starts = try store.bytes.withUnsafeBytes { buffer in
            Result { () throws(StoredDecodingError) in
                try ContactStore.recordStarts(in: buffer, contacts: Int(contacts), names: store.names.count)
            }
        }.get()
        try store.indexContacts()
        store.activityCounts.reserveCapacity(Int(contacts))
        for _ in 0..<contacts { store.activityCounts.append(try varint("task count")) }
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

    /// Builds the index over records read from a snapshot, refusing an id that appears twice.
    fileprivate mutating func indexContacts() throws(StoredDecodingError) {
        var index = ContactIndex()
        let starts = self.starts
        let duplicate: String? = bytes.withUnsafeBytes { buffer in
            func id(_ number: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: buffer[ContactRecord.id(at: starts[number], in: buffer)])
            }
            for number in starts.indices {
                let hash = ContactIndex.hash(id(number))
                guard index.number(hash: hash, where: { id($0).elementsEqual(id(number)) }) == nil else {
                    return String(decoding: id(number), as: UTF8.self)
                }
                index.insert(number, hash: hash) { ContactIndex.hash(id($0)) }
            }
            return nil
        }
        if let duplicate { throw StoredDecodingError("contact \(duplicate) appears twice") }
        self.index = index
    }
}
