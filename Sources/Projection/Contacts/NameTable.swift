import ByteCoding

/// Custom field keys and Salesforce field names, each stored once per account: a contact's
/// values name their field by its number here, so that a key costs a byte or two per contact
/// rather than its whole text.
struct NameTable: Sendable, Equatable {
    /// The names, by number, in the order they were first seen.
    private(set) var names: [String] = []
    private var numbers: [String: UInt32] = [:]
    /// Every name's UTF-8 bytes end to end, name n ending at `ends[n]`: the fold finds a name
    /// from its stored bytes without making a string.
    private var utf8: [UInt8] = []
    private var ends: [Int] = []

    /// The number of `name`, given one if it has none yet.
    mutating func number(for name: String) -> UInt32 {
        if let number = numbers[name] { return number }
        let number = UInt32(names.count)
        names.append(name)
        numbers[name] = number
        utf8.append(contentsOf: name.utf8)
        ends.append(utf8.count)
        return number
    }

    /// The number of the name whose UTF-8 bytes are `bytes`, given one if it has none yet. An
    /// account has a handful of names, so comparing bytes beats hashing a new string.
    mutating func number(forUTF8 bytes: UnsafeRawBufferPointer) -> UInt32 {
        let found: Int? = utf8.withUnsafeBytes { all in
            var start = 0
            for (number, end) in ends.enumerated() {
                if UnsafeRawBufferPointer(rebasing: all[start..<end]).sameBytes(as: bytes) { return number }
                start = end
            }
            return nil
        }
        return found.map(UInt32.init) ?? number(for: String(decoding: bytes, as: UTF8.self))
    }

    /// The name numbered `number`.
    subscript(number: UInt32) -> String { names[Int(number)] }

    /// How many names there are.
    var count: Int { names.count }

    static func == (lhs: NameTable, rhs: NameTable) -> Bool { lhs.names == rhs.names }
}
