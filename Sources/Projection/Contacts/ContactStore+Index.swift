import ByteCoding

// The index: open addressing with linear probing over `slots`. A slot holds the top 16 bits of
// the id's hash and the record's start + 1, so a probe rejects almost every other contact
// without reading its record. Hashes are Swift's `Hasher` (seeded per process): ids come from
// outside, and a seeded hash keeps anyone from choosing ids that all land on one slot.

extension ContactStore {
    private static let startBits: UInt64 = (1 << 48) - 1

    /// The hash of an id's UTF-8 bytes.
    static func hash(_ id: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: id)
        return hasher.finalize()
    }

    /// Where the record of the contact `id` (hashing to `hash`) starts, and the slot that points
    /// at it; for an unknown contact, no start and the empty slot where it would go (-1 while
    /// there are no slots at all).
    func find(_ id: UnsafeRawBufferPointer, hash: Int) -> (slot: Int, start: Int?) {
        guard !slots.isEmpty else { return (-1, nil) }
        let mask = slots.count - 1
        let tag = Self.tag(hash)
        var slot = hash & mask
        return bytes.withUnsafeBytes { buffer in
            while true {
                let entry = slots[slot]
                if entry == 0 { return (slot, nil) }
                if entry & ~Self.startBits == tag {
                    let start = Int(entry & Self.startBits) - 1
                    let candidate = UnsafeRawBufferPointer(rebasing: buffer[ContactRecord.id(at: start, in: buffer)])
                    if candidate.sameBytes(as: id) { return (slot, start) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Where the record of the contact `id` starts, if known.
    func start(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            return find(bytes, hash: Self.hash(bytes)).start
        }
    }

    /// Points `slot` at a record starting at `start`, for an id hashing to `hash`.
    mutating func point(_ slot: Int, at start: Int, hash: Int) {
        precondition(UInt64(start) < Self.startBits, "a contact store holds less than 256 TiB")
        slots[slot] = Self.tag(hash) | UInt64(start + 1)
    }

    /// Points the slot of the record that started at `old` at `new` instead (a record moved).
    mutating func repoint(_ slot: Int, to start: Int) {
        slots[slot] = slots[slot] & ~Self.startBits | UInt64(start + 1)
    }

    /// The first empty slot from `hash`'s home.
    func emptySlot(hash: Int) -> Int {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        return slot
    }

    /// Rebuilds the index with room for `contacts` contacts: every live record hashed and placed
    /// again (after the table grows, and after a compaction moves every record).
    mutating func rebuildIndex(for contacts: Int) {
        var capacity = 16
        while capacity * 3 < contacts * 4 + 4 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        for start in liveStarts {
            let hash = bytes.withUnsafeBytes {
                Self.hash(UnsafeRawBufferPointer(rebasing: $0[ContactRecord.id(at: start, in: $0)]))
            }
            point(emptySlot(hash: hash), at: start, hash: hash)
        }
    }

    private static func tag(_ hash: Int) -> UInt64 { UInt64(UInt(bitPattern: hash)) & ~startBits }
}
