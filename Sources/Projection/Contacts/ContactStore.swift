public import SyncModel

/// An account's contacts, kept so that millions of them fit in memory: each contact is one run
/// of bytes (`ContactRecord`: its id and values, no `String`s and no per-contact allocation) in
/// one growing buffer, found through an open-addressing index on its id.
///
/// Reads like a dictionary of `ContactState` by contact id: `contacts["c-1"]?.link`,
/// `contacts.count`, `for (id, contact) in contacts`. Each read builds the `ContactState` from
/// its bytes, so code that walks many contacts asks for only what it needs (`link(of:)`,
/// `linked`, `linkCount`). Contacts are never removed; they iterate in the order they first
/// appeared.
public struct ContactStore: Sendable {
    /// Every contact's record end to end. A record rewritten at another length leaves its old
    /// bytes behind (`garbage`) until the next compaction.
    var bytes: [UInt8] = []
    /// Where each contact's record starts in `bytes`, by contact number (order of first appearance).
    var starts: [Int] = []
    /// Tasks written per contact, by contact number: counted for every call, text and note that
    /// reaches Salesforce, so kept apart from the record to be counted in place.
    var activityCounts: [UInt64] = []
    /// Bytes of `bytes` no record uses any more.
    var garbage = 0
    /// Custom field keys and Salesforce field names, by the numbers records use.
    var names = NameTable()
    /// The index: contact numbers by id (`ContactStore+Index.swift`).
    var index = ContactIndex()
    /// Room to assemble a record in before it is written, kept for its capacity.
    var scratch: [UInt8] = []

    /// No contacts.
    public init() {}

    /// How many contacts there are.
    public var count: Int { starts.count }

    /// Whether there are none.
    public var isEmpty: Bool { starts.isEmpty }

    /// The contact `id`, if known.
    public subscript(id: String) -> ContactState? {
        number(of: id).map(contact(numbered:))
    }

    /// Whether the contact `id` is known.
    public func contains(_ id: String) -> Bool { number(of: id) != nil }

    /// The record the contact `id` is linked to, read without the rest of the contact.
    public func link(of id: String) -> RecordReference? {
        guard let number = number(of: id) else { return nil }
        return bytes.withUnsafeBytes { ContactRecord(storedAt: starts[number], in: $0).link(in: $0) }
    }

    /// Contacts linked to a record.
    public var linkCount: Int {
        bytes.withUnsafeBytes { buffer in
            starts.reduce(0) { $0 + (ContactRecord(storedAt: $1, in: buffer).isLinked(in: buffer) ? 1 : 0) }
        }
    }

    /// Every linked contact's id and record, in contact order.
    public var linked: [(contact: String, record: RecordReference)] {
        bytes.withUnsafeBytes { buffer in
            starts.compactMap { start in
                let record = ContactRecord(storedAt: start, in: buffer)
                return record.link(in: buffer).map { (String(decoding: buffer[record.id], as: UTF8.self), $0) }
            }
        }
    }

    /// Every contact's id, in contact order.
    public var keys: LazyMapSequence<Range<Int>, String> { starts.indices.lazy.map(id(numbered:)) }

    /// Every contact, in contact order.
    public var values: LazyMapSequence<Range<Int>, ContactState> { starts.indices.lazy.map(contact(numbered:)) }

    func id(numbered number: Int) -> String {
        bytes.withUnsafeBytes { buffer in
            String(decoding: buffer[ContactRecord.id(at: starts[number], in: buffer)], as: UTF8.self)
        }
    }

    func contact(numbered number: Int) -> ContactState {
        bytes.withUnsafeBytes { buffer in
            ContactRecord(storedAt: starts[number], in: buffer)
                .contact(in: buffer, names: names, activityCount: activityCounts[number])
        }
    }
}

extension ContactStore: Sequence {
    public typealias Element = (key: String, value: ContactState)

    public struct Iterator: IteratorProtocol {
        let store: ContactStore
        var number = 0

        public mutating func next() -> Element? {
            guard number < store.count else { return nil }
            defer { number += 1 }
            return (store.id(numbered: number), store.contact(numbered: number))
        }
    }

    public func makeIterator() -> Iterator { Iterator(store: self) }

    public var underestimatedCount: Int { count }
}

extension ContactStore: Equatable {
    /// The same contacts holding the same values, whatever order they came in.
    public static func == (lhs: ContactStore, rhs: ContactStore) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let sameNames = lhs.names == rhs.names
        return lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                for number in lhs.starts.indices {
                    let record = ContactRecord(storedAt: lhs.starts[number], in: left)
                    guard let other = rhs.number(of: UnsafeRawBufferPointer(rebasing: left[record.id]))
                    else { return false }
                    guard lhs.activityCounts[number] == rhs.activityCounts[other] else { return false }
                    // Under one name table equal contacts have equal bytes; otherwise compare values.
                    let otherRecord = ContactRecord(storedAt: rhs.starts[other], in: right)
                    if sameNames,
                        left[lhs.starts[number]..<record.end].elementsEqual(right[rhs.starts[other]..<otherRecord.end])
                    {
                        continue
                    }
                    if lhs.contact(numbered: number) != rhs.contact(numbered: other) { return false }
                }
                return true
            }
        }
    }
}

extension ContactStore: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, ContactState)...) {
        self.init()
        for (id, contact) in elements { set(contact, for: id) }
    }
}
