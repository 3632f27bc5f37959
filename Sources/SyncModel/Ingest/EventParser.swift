/// Turns one JSON line of the ingest contract into a validated `Event`, or says precisely why not.
///
/// Phones are normalised with the account's default country, which the caller supplies because
/// it depends on the settings in force at that line (including `settings.changed` lines earlier
/// in the same input).
public struct EventParser: Sendable {
    /// The longest line accepted, in bytes (without its line break).
    public static let maxLineBytes = 1 << 20

    private let makeID: @Sendable () -> String

    /// A parser that gives id-less events the ids `makeID` returns (random UUIDs by default).
    public init(makeID: @escaping @Sendable () -> String) {
        self.makeID = makeID
    }

    /// A parser that gives id-less events random (version 4) UUIDs.
    public init() {
        self.init(makeID: { randomUUID() })
    }

    /// Parses line `number` of an input. `country` gives an account's default country.
    public func parse(
        line bytes: some Collection<UInt8>,
        number: Int,
        country: (String) -> CountryCode
    ) -> Result<Event, IngestError> {
        if bytes.count > Self.maxLineBytes {
            return .failure(
                IngestError(
                    line: number,
                    field: nil,
                    reason: "line is \(bytes.count) bytes; the limit is 1 MiB (1048576 bytes)"
                )
            )
        }
        let value: JSONValue
        do {
            value = try JSONScanner.parse(bytes)
        } catch {
            if error.reason == JSONSyntaxError.invalidUTF8 {
                return .failure(
                    IngestError(
                        line: number,
                        field: nil,
                        reason: "is not valid UTF-8 (byte \(error.offset + 1) of the line)"
                    )
                )
            }
            return .failure(IngestError(line: number, field: nil, reason: "is not valid JSON (\(error))"))
        }
        return parse(value: value, number: number, country: country)
    }

    /// Parses one already-parsed JSON value as event `number` of an input (an element of a JSON
    /// array, numbered from 1).
    public func parse(
        value: JSONValue,
        number: Int,
        country: (String) -> CountryCode
    ) -> Result<Event, IngestError> {
        guard case .object = value else {
            return .failure(
                IngestError(line: number, field: nil, reason: "must be a JSON object, not \(value.typeName)")
            )
        }
        do {
            return .success(try event(from: value, country: country))
        } catch {
            return .failure(IngestError(line: number, field: error.field, reason: error.reason))
        }
    }

    private func event(from value: JSONValue, country: (String) -> CountryCode) throws(FieldProblem) -> Event {
        var object = try ObjectFields(value, path: "")
        let typeName = try object.string("type")
        guard let type = EventType(rawValue: typeName) else {
            throw FieldProblem(
                "type",
                "\"\(typeName)\" is not an event type; known: \(EventType.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let account = try object.identifier("account")
        let at: EventTime
        switch EventTime.parse(try object.string("at")) {
        case .success(let time): at = time
        case .failure(let error): throw FieldProblem("at", error.description)
        }
        let id = try object.optionalIdentifier("id") ?? makeID()
        var payloadParser = PayloadParser(object: object, country: country(account))
        let payload = try payloadParser.parse(type)
        return Event(id: id, account: account, at: at, payload: payload)
    }
}

/// A random version 4 UUID in lower case. Drawn from the system generator (getrandom) rather
/// than Foundation's `UUID()`, which opens /dev/urandom for every id on Linux.
func randomUUID() -> String {
    var generator = SystemRandomNumberGenerator()
    let high = (generator.next() as UInt64) & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
    let low = (generator.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(36)
    for (index, shift) in stride(from: 124, through: 0, by: -4).enumerated() {
        if index == 8 || index == 12 || index == 16 || index == 20 { text.append(UInt8(ascii: "-")) }
        let nibble = shift >= 64 ? high >> UInt64(shift - 64) : low >> UInt64(shift)
        text.append(digits[Int(nibble & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
}
