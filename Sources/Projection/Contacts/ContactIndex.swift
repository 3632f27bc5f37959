/// Contact numbers by id: open addressing with linear probing, plus a byte per slot holding
/// seven bits of the id's hash, so that a probe rarely has to compare an id it does not want
/// (the ids themselves live in the store's records).
///
/// Hashes are Swift's `Hasher` (seeded per process): ids come from outside, and a seeded hash
/// keeps anyone from choosing ids that all land on one slot.
struct ContactIndex: Sendable {
    /// Per slot: 0 for empty, else 0x80 and the hash's low seven bits.
    private var control: [UInt8] = []
    /// Per slot: the contact number there.
    private var numbers: [UInt32] = []
    private var taken = 0

    /// The hash of an id's UTF-8 bytes.
    static func hash(_ id: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: id)
        return hasher.finalize()
    }

    /// The contact number whose id hashes to `hash` and satisfies `isMatch`, if any.
    func number(hash: Int, where isMatch: (Int) -> Bool) -> Int? {
        guard !control.isEmpty else { return nil }
        let mask = control.count - 1
        let tag = Self.tag(hash)
        var slot = Self.home(hash) & mask
        while control[slot] != 0 {
            if control[slot] == tag, isMatch(Int(numbers[slot])) { return Int(numbers[slot]) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Adds contact `number`, known to be absent, whose id hashes to `hash`; `hashOf` gives the
    /// hash of any contact already in, for when the table grows.
    mutating func insert(_ number: Int, hash: Int, hashOf: (Int) -> Int) {
        precondition(number < Int(UInt32.max), "an account holds at most \(UInt32.max - 1) contacts")
        if (taken + 1) * 4 > control.count * 3 { grow(hashOf: hashOf) }
        place(UInt32(number), hash: hash)
    }

    private mutating func grow(hashOf: (Int) -> Int) {
        let capacity = max(16, control.count * 2)
        control = Array(repeating: 0, count: capacity)
        let count = taken
        numbers = Array(repeating: 0, count: capacity)
        taken = 0
        for number in 0..<count { place(UInt32(number), hash: hashOf(number)) }
    }

    private mutating func place(_ number: UInt32, hash: Int) {
        let mask = control.count - 1
        var slot = Self.home(hash) & mask
        while control[slot] != 0 { slot = (slot + 1) & mask }
        control[slot] = Self.tag(hash)
        numbers[slot] = number
        taken += 1
    }

    /// The slot a hash starts from: its high bits, so that the tag's low bits stay independent.
    private static func home(_ hash: Int) -> Int { Int(bitPattern: UInt(bitPattern: hash) >> 7) }

    private static func tag(_ hash: Int) -> UInt8 { 0x80 | UInt8(truncatingIfNeeded: hash & 0x7F) }
}
