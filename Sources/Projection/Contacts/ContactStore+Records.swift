import ByteCoding
import SyncModel

extension ContactStore {
    /// The number of the contact `id`, if known.
    func number(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { number(of: UnsafeRawBufferPointer($0)) }
    }

    /// The number of the contact whose id is the UTF-8 `id`, if known.
    func number(of id: UnsafeRawBufferPointer) -> Int? {
        number(of: id, hash: ContactIndex.hash(id))
    }

    func number(of id: UnsafeRawBufferPointer, hash: Int) -> Int? {
        bytes.withUnsafeBytes { buffer in
            index.number(hash: hash) { number in
                UnsafeRawBufferPointer(rebasing: buffer[ContactRecord.id(at: starts[number], in: buffer)]).sameBytes(
                    as: id
                )
            }
        }
    }

    /// Sets the contact `id` to `contact`, adding it if new.
    public mutating func set(_ contact: ContactState, for id: String) {
        var names = self.names
        let body = ContactRecord.body(of: contact, id: id, names: &names)
        self.names = names
        var utf8 = id
        let number = utf8.withUTF8 { self.number(of: UnsafeRawBufferPointer($0)) }
        if let number {
            write(body: body, over: number)
            activityCounts[number] = contact.activityCount
        } else {
            append(body: body, hash: utf8.withUTF8 { ContactIndex.hash(UnsafeRawBufferPointer($0)) })
            activityCounts[count - 1] = contact.activityCount
        }
    }

    /// Changes the contact `id` in place: a new contact starts empty when `creating`, else an
    /// unknown one is left alone.
    public mutating func update(_ id: String, creating: Bool = true, _ body: (inout ContactState) -> Void) {
        guard var contact = self[id] ?? (creating ? ContactState() : nil) else { return }
        body(&contact)
        set(contact, for: id)
    }

    /// Adds a contact whose record body (without its length) is `body` and whose id hashes to `hash`.
    mutating func append(body: some Collection<UInt8>, hash: Int) {
        starts.append(bytes.count)
        activityCounts.append(0)
        bytes.appendVarint(UInt64(body.count))
        bytes.append(contentsOf: body)
        let starts = self.starts
        let bytes = self.bytes
        index.insert(starts.count - 1, hash: hash) { number in
            bytes.withUnsafeBytes { buffer in
                ContactIndex.hash(
                    UnsafeRawBufferPointer(rebasing: buffer[ContactRecord.id(at: starts[number], in: buffer)])
                )
            }
        }
    }

    /// Replaces contact `number`'s record with one whose body is `body`: in place when the
    /// length is the same, else at the end, leaving the old bytes to the next compaction.
    mutating func write(body: some Collection<UInt8>, over number: Int) {
        let start = starts[number]
        let oldEnd = bytes.withUnsafeBytes { ContactRecord.end(at: start, in: $0) }
        var prefix: [UInt8] = []
        prefix.appendVarint(UInt64(body.count))
        if prefix.count + body.count == oldEnd - start {
            bytes.replaceSubrange(start..<start + prefix.count, with: prefix)
            bytes.replaceSubrange(start + prefix.count..<oldEnd, with: body)
            return
        }
        garbage += oldEnd - start
        starts[number] = bytes.count
        bytes.append(contentsOf: prefix)
        bytes.append(contentsOf: body)
        if garbage > 1 << 16, garbage * 2 > bytes.count { compact() }
    }

    /// Drops the bytes no record uses, and the room the buffers keep for growth: what a store
    /// should hold once it is done growing for a while (after a load, and when half is garbage).
    public mutating func compact() {
        if garbage > 0 || bytes.capacity > bytes.count + bytes.count / 8 {
            var compacted: [UInt8] = []
            compacted.reserveCapacity(bytes.count - garbage)
            bytes.withUnsafeBytes { buffer in
                for number in starts.indices {
                    let start = starts[number]
                    starts[number] = compacted.count
                    compacted.append(contentsOf: buffer[start..<ContactRecord.end(at: start, in: buffer)])
                }
            }
            bytes = compacted
            garbage = 0
        }
        if starts.capacity > starts.count + starts.count / 8 {
            starts = starts.withUnsafeBufferPointer { Array($0) }
            activityCounts = activityCounts.withUnsafeBufferPointer { Array($0) }
        }
        scratch = []
    }

}

extension ContactStore {
    /// Counts a Task written for the contact `id`, adding the contact if new.
    public mutating func countTask(of id: String) {
        if let number = number(of: id) {
            activityCounts[number] += 1
        } else {
            update(id) { $0.activityCount = 1 }
        }
    }
}
