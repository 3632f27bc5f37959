import ByteCoding
import SyncModel

/// A fold shard's accounts, found by their stored UTF-8 bytes and the hash the reader already
/// took of them, so that folding a record makes no string and hashes nothing again.
///
/// Hashes are FNV-1a 64 (`FoldChunk.accountHash`): account names are an operator's, a few
/// thousand at most, not something a producer can mint by the million to crowd one slot.
struct AccountTable {
    private(set) var names: [String] = []
    /// Each account's state, by number.
    var states: [AccountState] = []
    /// Every name's UTF-8 bytes end to end; name n ends at `nameEnds[n]`.
    private var nameBytes: [UInt8] = []
    private var nameEnds: [Int] = []
    /// Per slot: the hash of the account there and its number + 1 (0: empty). A power of two long.
    private var slotHashes: [UInt64] = []
    private var slotNumbers: [Int32] = []

    /// The number of the account whose stored name is `bytes` (hashing to `hash`), added with a
    /// new account's state if unknown.
    mutating func number(of bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        if let number = find(bytes, hash: hash) { return number }
        return add(String(decoding: bytes, as: UTF8.self), AccountState(), hash: hash)
    }

    /// The number of the account `name`, added with a new account's state if unknown.
    mutating func number(of name: String) -> Int {
        var name = name
        return name.withUTF8 {
            number(of: UnsafeRawBufferPointer($0), hash: FoldChunk.accountHash(UnsafeRawBufferPointer($0)))
        }
    }

    private func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        guard !slotNumbers.isEmpty else { return nil }
        let mask = slotNumbers.count - 1
        var slot = Self.home(hash) & mask
        return nameBytes.withUnsafeBytes { names in
            while slotNumbers[slot] != 0 {
                let number = Int(slotNumbers[slot] - 1)
                if slotHashes[slot] == hash {
                    let start = number == 0 ? 0 : nameEnds[number - 1]
                    if UnsafeRawBufferPointer(rebasing: names[start..<nameEnds[number]]).sameBytes(as: bytes) {
                        return number
                    }
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Adds account `name` (known to be absent, hashing to `hash`) with `state`; its number.
    @discardableResult
    mutating func add(_ name: String, _ state: AccountState, hash: UInt64) -> Int {
        let number = names.count
        names.append(name)
        states.append(state)
        nameBytes.append(contentsOf: name.utf8)
        nameEnds.append(nameBytes.count)
        if names.count * 2 > slotNumbers.count {
            slotHashes = Array(repeating: 0, count: max(64, slotNumbers.count * 2))
            slotNumbers = Array(repeating: 0, count: slotHashes.count)
            for (existing, name) in names.enumerated() { place(existing, hash: FoldChunk.accountHash(name)) }
        } else {
            place(number, hash: hash)
        }
        return number
    }

    private mutating func place(_ number: Int, hash: UInt64) {
        let mask = slotNumbers.count - 1
        var slot = Self.home(hash) & mask
        while slotNumbers[slot] != 0 { slot = (slot + 1) & mask }
        slotHashes[slot] = hash
        slotNumbers[slot] = Int32(number + 1)
    }

    /// The slot a hash starts from: FNV-1a leaves short names' hashes poorly mixed, so they are
    /// multiplied by the golden ratio first (Fibonacci hashing) and the top bits taken.
    private static func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) }
}
