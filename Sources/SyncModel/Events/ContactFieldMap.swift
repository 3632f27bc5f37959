/// A value per standard contact field, stored inline: one slot per `ContactField`, no hashing
/// and no allocation. Contacts and their updates are the fold's most frequent state, so this
/// replaces a dictionary where speed and memory matter.
///
/// Reads and writes like a dictionary (`map[.phone] = "+14155550101"`, `nil` empties a slot) and
/// iterates its filled slots in `ContactField` order.
@frozen
public struct ContactFieldMap<Value: Hashable & Sendable>: Hashable, Sendable {
    @usableFromInline var phone: Value?
    @usableFromInline var mobilePhone: Value?
    @usableFromInline var firstName: Value?
    @usableFromInline var lastName: Value?
    @usableFromInline var email: Value?
    @usableFromInline var company: Value?
    @usableFromInline var rating: Value?

    /// An empty map.
    @inlinable public init() {}

    /// The value of `field`, or nil when its slot is empty.
    @inlinable public subscript(field: ContactField) -> Value? {
        get {
            switch field {
            case .phone: phone
            case .mobilePhone: mobilePhone
            case .firstName: firstName
            case .lastName: lastName
            case .email: email
            case .company: company
            case .rating: rating
            }
        }
        set {
            switch field {
            case .phone: phone = newValue
            case .mobilePhone: mobilePhone = newValue
            case .firstName: firstName = newValue
            case .lastName: lastName = newValue
            case .email: email = newValue
            case .company: company = newValue
            case .rating: rating = newValue
            }
        }
    }

    /// Whether every slot is empty.
    @inlinable public var isEmpty: Bool { allSatisfy { _ in false } }

    /// How many slots are filled.
    @inlinable public var count: Int { reduce(0) { count, _ in count + 1 } }
}

extension ContactFieldMap: Sequence {
    public typealias Element = (key: ContactField, value: Value)

    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline let map: ContactFieldMap
        @usableFromInline var code: UInt8 = 0

        @inlinable init(map: ContactFieldMap) { self.map = map }

        @inlinable public mutating func next() -> Element? {
            while let field = ContactField(storedCode: code) {
                code += 1
                if let value = map[field] { return (field, value) }
            }
            return nil
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(map: self) }
}

extension ContactFieldMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (ContactField, Value)...) {
        self.init()
        for (field, value) in elements { self[field] = value }
    }
}

extension ContactFieldMap where Value == String {
    /// Applies a `contact.upserted`'s changes: a named field is set, or emptied by nil; the
    /// others are kept. Slot by slot, without iterating (the fold's hot path).
    @inlinable public mutating func apply(_ changes: borrowing ContactFieldMap<String?>) {
        if let value = changes.phone { phone = value }
        if let value = changes.mobilePhone { mobilePhone = value }
        if let value = changes.firstName { firstName = value }
        if let value = changes.lastName { lastName = value }
        if let value = changes.email { email = value }
        if let value = changes.company { company = value }
        if let value = changes.rating { rating = value }
    }
}
