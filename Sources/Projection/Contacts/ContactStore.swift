public import SyncModel

/// An account's contacts, kept so that millions of them fit in memory: each contact is one run
/// of bytes (`ContactRecord`: its id, values and Task count; no `String`s and no allocation of
/// its own) in one growing buffer, found through an open-addressing index whose slots hold 16
/// bits of the id's hash and where the record starts. Finding a contact reads a slot and the
/// record: two places in memory, where a dictionary of structs of strings reads several.
///
/// Reads like a dictionary of `ContactState` by contact id: `contacts["c-1"]?.link`,
/// `contacts.count`, `for (id, contact) in contacts`. Each read builds the `ContactState` from
/// its bytes, so code that walks many contacts asks for only what it needs (`link(of:)`,
/// `linked`, `linkCount`). Contacts are never removed.
public struct ContactStore: Sendable {
    /// Every contact's record end to end. A record rewritten at another length moves to the end
    /// and leaves its old bytes behind, marked moved (`garbage`), until the next compaction.
    var bytes: [UInt8] = []
    /// The index: per slot 0 (empty), or the top 16 bits of the id's hash over the record's
    /// start + 1 (`ContactStore+Index.swift`). A power of two long, at most three quarters full.
    var slots: [UInt64] = []
    /// How many contacts there are.
    public internal(set) var count = 0
    /// Bytes of `bytes` that belong to moved records.
    var garbage = 0
    /// Custom field keys and Salesforce field names, by the numbers records use.
    var names = NameTable()

    /// No contacts.
    public init() {}

    /// Whether there are none.
    public var isEmpty: Bool { count == 0 }

    /// The contact `id`, if known.
    public subscript(id: String) -> ContactState? { start(of: id).map(contact(at:)) }

    /// Whether the contact `id` is known.
    public func contains(_ id: String) -> Bool { start(of: id) != nil }

    /// The record the contact `id` is linked to, read without the rest of the contact.
    public func link(of id: String) -> RecordReference? {
        guard let start = start(of: id) else { return nil }
        return bytes.withUnsafeBytes { ContactRecord(storedAt: start, in: $0).link(in: $0) }
    }

    /// Contacts linked to a record.
    public var linkCount: Int {
        bytes.withUnsafeBytes { buffer in
            liveStarts.reduce(0) { $0 + (ContactRecord(storedAt: $1, in: buffer).isLinked(in: buffer) ? 1 : 0) }
        }
    }

    /// Every linked contact's id and record.
    public var linked: [(contact: String, record: RecordReference)] {
        bytes.withUnsafeBytes { buffer in
            liveStarts.compactMap { start in
                let record = ContactRecord(storedAt: start, in: buffer)
                return record.link(in: buffer).map { (String(decoding: buffer[record.id], as: UTF8.self), $0) }
            }
        }
    }

    /// Every contact's id.
    public var keys: [String] { liveStarts.map(id(at:)) }

    /// Every contact.
    public var values: [ContactState] { liveStarts.map(contact(at:)) }

    func id(at start: Int) -> String {
        bytes.withUnsafeBytes { String(decoding: $0[ContactRecord.id(at: start, in: $0)], as: UTF8.self) }
    }

    func contact(at start: Int) -> ContactState {
        bytes.withUnsafeBytes { buffer in
            ContactRecord(storedAt: start, in: buffer)
                .contact(in: buffer, names: names, taskCount: ContactRecord.taskCount(at: start, in: buffer))
        }
    }
}

extension ContactStore: Sequence {
    public typealias Element = (key: String, value: ContactState)

    /// The contacts in the order their records lie.
    public struct Iterator: IteratorProtocol {
        let store: ContactStore
        var starts: LiveStarts.Iterator

        public mutating func next() -> Element? {
            starts.next().map { (store.id(at: $0), store.contact(at: $0)) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(store: self, starts: liveStarts.makeIterator()) }

    public var underestimatedCount: Int { count }
}

extension ContactStore: Equatable {
    /// The same contacts holding the same values, whatever order they came in.
    public static func == (lhs: ContactStore, rhs: ContactStore) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let sameNames = lhs.names == rhs.names
        return lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                lhs.liveStarts.allSatisfy { start in
                    let id = UnsafeRawBufferPointer(rebasing: left[ContactRecord.id(at: start, in: left)])
                    guard let other = rhs.find(id, hash: ContactStore.hash(id)).start else { return false }
                    // Under one name table equal contacts have equal bytes; otherwise compare values.
                    let mine = left[start..<ContactRecord.bounds(at: start, in: left).end]
                    let theirs = right[other..<ContactRecord.bounds(at: other, in: right).end]
                    return (sameNames && mine.elementsEqual(theirs)) || lhs.contact(at: start) == rhs.contact(at: other)
                }
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
