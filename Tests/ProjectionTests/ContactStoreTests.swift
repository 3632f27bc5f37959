import ByteCoding
import EventLogTestSupport
import Testing

@testable import Projection
@testable import SyncModel

/// The contact store holds exactly what the dictionary of `ContactState`s it replaced held.
@Suite("Contact store")
struct ContactStoreTests {
    @Test("an edit of a known contact updates it rather than adding another")
    func editOfKnownContact() {
        var store = ContactStore()
        store.apply(ContactUpsert(contact: "c-1", fields: [.firstName: "Ada"]), at: 0)
        store.apply(ContactUpsert(contact: "c-1", fields: [.lastName: "Lovelace"]), at: 1)
        #expect(store.count == 1)
        #expect(store["c-1"]?.fields == [.firstName: "Ada", .lastName: "Lovelace"])
        #expect(store["c-1"]?.lastEventOffset == 1)
    }

    @Test(
        "any run of edits, links, values brought back and Tasks leaves the store equal to a dictionary of contacts",
        arguments: [20_261_202, 7, 99] as [UInt64]
    )
    func storeEqualsDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var store = ContactStore()
        var reference = ReferenceContacts()
        var compactions = 0
        for step in 0..<8_000 {
            let garbage = store.garbage
            reference.randomStep(UInt64(step), &random, applyingTo: &store)
            if store.garbage < garbage { compactions += 1 }
            if step % 1_000 == 0 || step == 7_999 { #expect(reference.matches(store), "seed \(seed), step \(step)") }
        }
        #expect(compactions > 0, "the run rewrote enough to compact at least once")
    }

    @Test("stores with the same contacts are equal whatever order they came in; one value apart, they are not")
    func equalityIgnoresOrder() {
        var first = ContactStore()
        first.apply(ContactUpsert(contact: "a", customFields: ["tier": .string("gold")]), at: 1)
        first.apply(ContactUpsert(contact: "b", customFields: ["visits": .integer(3)]), at: 2)
        var second = ContactStore()
        second.apply(ContactUpsert(contact: "b", customFields: ["visits": .integer(3)]), at: 2)
        second.apply(ContactUpsert(contact: "a", customFields: ["tier": .string("gold")]), at: 1)
        #expect(first == second)
        second.countTask(of: "a")
        #expect(first != second)
        first.countTask(of: "a")
        first.apply(ContactUpsert(contact: "a", fields: [.email: "a@example.com"]), at: 1)
        #expect(first != second)
    }

    @Test("a stored edit that names a field twice keeps its last value, as decoding the event does")
    func repeatedFieldKeepsLastValue() throws {
        var record: [UInt8] = []
        record.appendEnvelope(code: 1, account: "acme", at: EventTime(seconds: 0))
        record.appendString("e-1")
        record.appendString("c-1")
        record.appendVarint(2)
        for name in ["Ada", "Grace"] {
            record.append(ContactField.firstName.storedCode)
            record.appendOptionalString(name)
        }
        record.appendVarint(2)
        for value in ["Pho", "Tacos"] {
            record.appendString("food")
            record.appendCustomValue(.string(value))
        }
        guard case .event(let event) = try StoredEncoding.decode(record),
            case .contactUpserted(let upsert) = event.payload
        else {
            Issue.record("the record does not decode as a contact edit")
            return
        }
        var store = ContactStore()
        try record.withUnsafeBytes { bytes in
            store.apply(try #require(try StoredContactEdit.read(bytes)), in: bytes, at: 0)
        }
        #expect(store["c-1"]?.fields[.firstName] == upsert.fields[.firstName] ?? nil)
        #expect(store["c-1"]?.fields[.firstName] == "Grace")
        #expect(store["c-1"]?.customFields["food"] == .string("Tacos"))
    }

    @Test("a store written into a snapshot reads back equal")
    func snapshotRoundTrip() throws {
        var random = SplitMix64(seed: 17)
        var store = ContactStore()
        var reference = ReferenceContacts()
        for step in 0..<3_000 { reference.randomStep(UInt64(step), &random, applyingTo: &store) }
        let read = try Self.readBack(store)
        #expect(read == store)
        #expect(reference.matches(read))
        #expect(read.garbage == 0)
    }

    @Test("a snapshot whose contact names a field the store does not have is refused, naming the record")
    func recordWithUnknownNameIsRefused() {
        var store = ContactStore()
        store.apply(ContactUpsert(contact: "c-1", customFields: ["tier": .string("gold")]), at: 0)
        store.names = NameTable()
        #expect(throws: StoredDecodingError("contact record 0 (byte 0) does not decode")) { try Self.readBack(store) }
    }

    @Test("a snapshot holding one contact twice is refused, naming the contact")
    func duplicateContactIsRefused() {
        var store = ContactStore()
        store.apply(ContactUpsert(contact: "c-1", fields: [.firstName: "Ada"]), at: 0)
        store.bytes += store.bytes
        store.count += 1
        #expect(throws: StoredDecodingError("contact c-1 appears twice")) { try Self.readBack(store) }
    }

    private static func readBack(_ store: ContactStore) throws(StoredDecodingError) -> ContactStore {
        var bytes: [UInt8] = []
        bytes.appendContacts(store)
        return try bytes.withUnsafeBytes { buffer in
            Result { () throws(StoredDecodingError) in
                var reader = StoredReader(buffer)
                let store = try reader.contactStore()
                try reader.expectEnd()
                return store
            }
        }.get()
    }
}

/// The model: contacts in a dictionary, changed as the projection changed them before the store.
private struct ReferenceContacts {
    var contacts: [String: ContactState] = [:]

    static let ids = (0..<40).map { number in
        switch number % 4 {
        case 0: "c-\(number)"
        case 1: "contact-with-a-long-id-\(number)-0123456789abcdef"
        case 2: "ćontact-\(number)-ü"
        default: "\(number)"
        }
    }
    static let customKeys = ["favorite_food", "visits", "score", "vip"]
    static let apiNames = ["Phone", "FirstName", "Email", "Favorite_Food__c"]
    static let records = [RecordReference(object: "Lead", id: "00Q1"), RecordReference(object: "Contact", id: "0032")]

    /// One random change, made to the model and to `store` alike.
    mutating func randomStep(_ step: UInt64, _ random: inout SplitMix64, applyingTo store: inout ContactStore) {
        let id = Self.ids[Int(random.next() % UInt64(Self.ids.count))]
        switch random.next() % 20 {
        case 0..<10:
            var upsert = ContactUpsert(contact: id)
            for field in ContactField.allCases where random.next() % 3 == 0 {
                upsert.fields[field] = .some(random.next() % 4 == 0 ? nil : "\(field.rawValue) \(random.next() % 1000)")
            }
            for key in Self.customKeys where random.next() % 4 == 0 {
                upsert.customFields[key] = .some(Self.customValue(&random))
            }
            store.apply(upsert, at: step)
            var contact = contacts[id] ?? ContactState()
            contact.lastEventOffset = step
            contact.fields.apply(upsert.fields)
            for (key, value) in upsert.customFields { contact.customFields[key] = value }
            contacts[id] = contact
        case 10..<13:
            let record = Self.records[Int(random.next() % 2)]
            store.update(id) { $0.relink(to: record) }
            contacts[id, default: ContactState()].relink(to: record)
        case 13..<15:
            guard contacts[id]?.link != nil else { return }
            var values: [String: String?] = [:]
            for name in Self.apiNames where random.next() % 2 == 0 {
                values[name] = random.next() % 3 == 0 ? nil : "value \(random.next() % 100)"
            }
            store.update(id, creating: false) { state in
                for (name, value) in values { state.salesforceValues[name] = value }
            }
            for (name, value) in values { contacts[id]?.salesforceValues[name] = value }
        case 15..<19:
            store.countTask(of: id)
            contacts[id, default: ContactState()].activityCount += 1
        default:
            guard contacts[id] != nil else { return }
            store.update(id, creating: false) { $0.relink(to: nil) }
            contacts[id]?.relink(to: nil)
        }
    }

    private static func customValue(_ random: inout SplitMix64) -> CustomFieldValue? {
        switch random.next() % 5 {
        case 0: nil
        case 1: .string(random.next() % 2 == 0 ? "Pho" : "Avocado Toast with a long name")
        case 2: .integer(Int64(random.next() % 2_000) - 1_000)
        case 3: .number(Double(random.next() % 100) / 8)
        default: .boolean(random.next() % 2 == 0)
        }
    }

    /// Whether `store` holds exactly these contacts, read one by one and by iterating.
    func matches(_ store: ContactStore) -> Bool {
        guard store.count == contacts.count else { return false }
        guard contacts.allSatisfy({ store[$0.key] == $0.value && store.link(of: $0.key) == $0.value.link }) else {
            return false
        }
        let iterated = Dictionary(uniqueKeysWithValues: store.map { ($0.key, $0.value) })
        let linked = Dictionary(uniqueKeysWithValues: store.linked.map { ($0.contact, $0.record) })
        return iterated == contacts && linked == contacts.compactMapValues(\.link)
            && store.linkCount == linked.count
    }
}
