import ByteCoding

/// The stored form of events and outcomes: a compact, versioned binary encoding.
///
/// Every record starts with the same envelope, so that any reader can tell the account and time
/// of a record it cannot otherwise interpret:
///
/// | field | encoding |
/// | --- | --- |
/// | format version | u8, 1 |
/// | type code | u8 (`StoredTypeCode`) |
/// | account | string (varint length, UTF-8) |
/// | time | zig-zag varint seconds, varint nanoseconds, zig-zag varint offset minutes |
///
/// Then, for an event: id, contact (contact-scoped types only) and the type's body; for an
/// outcome: event offset + 1 (0 for none), contact (0 absent, 1 + string) and the kind's body.
/// docs/FORMAT.md lays out every body. JSON stays the ingest and audit format; this one is
/// about 30 times faster to decode and half the size.
public enum StoredEncoding {
    /// The format version this avosync writes.
    public static let formatVersion = StoredTypeCode.formatVersion

    /// The stored bytes of an event.
    public static func encode(_ event: Event) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        out.appendEnvelope(code: StoredTypeCode.code(of: event.type), account: event.account, at: event.at)
        out.appendString(event.id)
        if let contact = event.contact { out.appendString(contact) }
        out.appendBody(of: event.payload)
        return out
    }

    /// The stored bytes of an outcome.
    public static func encode(_ outcome: Outcome) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        out.appendEnvelope(code: StoredTypeCode.code(of: outcome.kind), account: outcome.account, at: outcome.at)
        out.appendVarint(outcome.eventOffset.map { $0 + 1 } ?? 0)
        out.appendOptionalString(outcome.contact)
        out.appendBody(of: outcome.kind)
        return out
    }
}

extension Array where Element == UInt8 {
    package mutating func appendEnvelope(code: UInt8, account: String, at: EventTime) {
        append(StoredTypeCode.formatVersion)
        append(code)
        appendString(account)
        appendTime(at)
    }

    package mutating func appendTime(_ at: EventTime) {
        appendZigZag(at.seconds)
        appendVarint(UInt64(at.nanoseconds))
        appendZigZag(Int64(at.offsetMinutes))
    }

    /// A presence byte (0: absent, 1: present), then the value as `appendValue` writes it.
    package mutating func appendOptional<Value>(_ value: Value?, _ appendValue: (inout Self, Value) -> Void) {
        guard let value else { return append(0) }
        append(1)
        appendValue(&self, value)
    }

    package mutating func appendOptionalTime(_ time: EventTime?) {
        appendOptional(time) { $0.appendTime($1) }
    }

    package mutating func appendOptionalString(_ value: String?) {
        appendOptional(value) { $0.appendString($1) }
    }

    package mutating func appendStrings(_ values: [String]) {
        appendVarint(UInt64(values.count))
        for value in values { appendString(value) }
    }

    package mutating func appendRecord(_ record: RecordReference) {
        appendString(record.object)
        appendString(record.id)
    }

    /// Optional strings behind a presence mask: bit i set when `values[i]` is present.
    mutating func appendMasked(_ values: [String?]) {
        var mask: UInt8 = 0
        for (bit, value) in values.enumerated() where value != nil { mask |= 1 << bit }
        append(mask)
        for case let value? in values { appendString(value) }
    }
}
