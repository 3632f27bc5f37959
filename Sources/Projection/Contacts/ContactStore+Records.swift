import ByteCoding
import SyncModel

extension ContactStore {
    /// Sets the contact `id` to `contact`, adding it if new.
    public mutating func set(_ contact: ContactState, for id: String) {
        let body = ContactRecord.body(of: contact, id: id, names: &names)
        var utf8 = id
        let (hash, found) = utf8.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let hash = Self.hash(bytes)
            return (hash, find(bytes, hash: hash))
        }
        body.withUnsafeBytes { body in
            if let start = found.start {
                replace(start, in: found.slot, with: body)
            } else {
                add(body, hash: hash, slot: found.slot)
            }
        }
    }

    /// Changes the contact `id` in place: a new contact starts empty when `creating`, else an
    /// unknown one is left alone.
    public mutating func update(_ id: String, creating: Bool = true, _ body: (inout ContactState) -> Void) {
        guard var contact = self[id] ?? (creating ? ContactState() : nil) else { return }
        body(&contact)
        set(contact, for: id)
    }

    /// Counts a Task written for the contact `id` (in place), adding the contact if new.
    public mutating func countTask(of id: String) {
        guard let start = start(of: id) else { return update(id) { $0.activityCount = 1 } }
        bytes.withUnsafeMutableBytes { buffer in
            let at = ContactRecord.bounds(at: start, in: UnsafeRawBufferPointer(buffer)).state + 1
            let count = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            buffer.storeBytes(of: (count &+ 1).littleEndian, toByteOffset: at, as: UInt64.self)
        }
    }

    /// Adds a contact whose record body (without its length) is `body`, whose id hashes to
    /// `hash`, at `slot` (what `find` gave, if the table does not grow first).
    mutating func add(_ body: UnsafeRawBufferPointer, hash: Int, slot: Int) {
        var slot = slot
        if (count + 1) * 4 > slots.count * 3 {
            rebuildIndex(for: Swift.max(16, (count + 1) * 2))
            slot = emptySlot(hash: hash)
        }
        let start = bytes.count
        bytes.appendVarint(UInt64(body.count))
        bytes.append(contentsOf: body)
        point(slot, at: start, hash: hash)
        count += 1
    }

    /// Replaces the record at `start` (pointed at by `slot`) with one whose body is `body`: in
    /// place when the length is the same, else at the end, the old bytes marked moved.
    mutating func replace(_ start: Int, in slot: Int, with body: UnsafeRawBufferPointer) {
        let (state, end) = bytes.withUnsafeBytes { ContactRecord.bounds(at: start, in: $0) }
        if state - start + body.count == end - start, Self.varintSize(body.count) == state - start {
            bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress!.advanced(by: state).copyMemory(from: body.baseAddress!, byteCount: body.count)
            }
            return
        }
        bytes[state] = ContactRecord.moved
        garbage += end - start
        repoint(slot, to: bytes.count)
        bytes.appendVarint(UInt64(body.count))
        bytes.append(contentsOf: body)
        if garbage > 1 << 16, garbage * 2 > bytes.count { compact() }
    }

    /// Drops the bytes of moved records, and the room the buffers keep for growth: what a store
    /// should hold once it is done growing for a while (after a load, and when half is garbage).
    public mutating func compact() {
        if garbage > 0 || bytes.capacity > bytes.count + bytes.count / 8 {
            var compacted: [UInt8] = []
            compacted.reserveCapacity(bytes.count - garbage)
            bytes.withUnsafeBytes { buffer in
                for start in liveStarts {
                    compacted.append(contentsOf: buffer[start..<ContactRecord.bounds(at: start, in: buffer).end])
                }
            }
            bytes = compacted
            garbage = 0
            rebuildIndex(for: count)
        }
    }

    /// Where each live record starts, in the order they lie.
    var liveStarts: LiveStarts { LiveStarts(bytes: bytes) }

    static func varintSize(_ value: Int) -> Int {
        var size = 1
        var rest = UInt64(value) >> 7
        while rest > 0 {
            size += 1
            rest >>= 7
        }
        return size
    }
}

/// The starts of a store's live records, walking its bytes record by record.
struct LiveStarts: Sequence {
    let bytes: [UInt8]

    struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position = 0

        mutating func next() -> Int? {
            bytes.withUnsafeBytes { buffer in
                while position < buffer.count {
                    let start = position
                    let (state, end) = ContactRecord.bounds(at: start, in: buffer)
                    position = end
                    if buffer[state] == 0 { return start }
                }
                return nil
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}
