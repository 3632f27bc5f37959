/// Validates the lines of one ingest input in order, carrying what earlier lines change:
/// a `settings.changed` naming `default_country` applies to the phones of later lines, and an
/// event id may appear only once per account in the input.
public struct IngestValidator: Sendable {
    private let parser: EventParser
    private let storedCountry: @Sendable (String) -> CountryCode
    private var countries: [String: CountryCode] = [:]
    private var seenIDs: Set<AccountEventID> = []

    /// A validator whose accounts start with the default countries `storedCountry` gives (the
    /// projection's settings).
    public init(parser: EventParser = EventParser(), storedCountry: @escaping @Sendable (String) -> CountryCode) {
        self.parser = parser
        self.storedCountry = storedCountry
    }

    /// The event on line `number`, why it is refused, or nil for a blank line.
    public mutating func validate(line: some Collection<UInt8>, number: Int) -> Result<Event, IngestError>? {
        if Self.isBlank(line) { return nil }
        let result = parser.parse(line: line, number: number) { account in
            countries[account] ?? storedCountry(account)
        }
        return carry(result, number: number)
    }

    /// The event that element `number` (from 1) of a JSON array of events holds, or why not.
    public mutating func validate(value: JSONValue, number: Int) -> Result<Event, IngestError> {
        let result = parser.parse(value: value, number: number) { account in
            countries[account] ?? storedCountry(account)
        }
        return carry(result, number: number)
    }

    /// Makes room for the ids of about `lines` lines, so that a large input does not rehash them
    /// again and again.
    public mutating func reserve(lines: Int) { seenIDs.reserveCapacity(seenIDs.count + lines) }

    /// Takes line `number` in input order after it was parsed on its own (on another thread, say)
    /// with the default country `parsedWith` for its phones: re-parses it when an earlier line
    /// of this input changed that country, then checks what spans lines. nil for a blank line.
    public mutating func accept(
        _ parsed: Result<Event, IngestError>?,
        parsedWith country: CountryCode,
        line: some Collection<UInt8>,
        number: Int
    ) -> Result<Event, IngestError>? {
        switch parsed {
        case nil: return nil
        case .success(let event) where (countries[event.account] ?? country) == country:
            return carry(.success(event), number: number)
        case .failure where countries.isEmpty:
            return parsed
        default:
            return validate(line: line, number: number)
        }
    }

    /// Parses line `number` on its own, as `accept` expects: nil for a blank line, and the
    /// default country the phones were read with. Needs no state, so lines can be parsed on
    /// several threads at once.
    public func parseAlone(line: some Collection<UInt8>, number: Int) -> (Result<Event, IngestError>?, CountryCode) {
        if Self.isBlank(line) { return (nil, .unitedStates) }
        var used = CountryCode.unitedStates
        let result = parser.parse(line: line, number: number) { account in
            used = storedCountry(account)
            return used
        }
        return (result, used)
    }

    /// Checks what spans lines (ids used once) and notes what later lines depend on.
    private mutating func carry(_ result: Result<Event, IngestError>, number: Int) -> Result<Event, IngestError> {
        guard case .success(let event) = result else { return result }
        guard seenIDs.insert(AccountEventID(account: event.account, id: event.id)).inserted else {
            return .failure(
                IngestError(
                    line: number,
                    field: "id",
                    reason: "\"\(event.id)\" is already used by an earlier line of account \(event.account)"
                )
            )
        }
        if case .settingsChanged(let change) = event.payload, let country = change.defaultCountry {
            countries[event.account] = country
        }
        return result
    }

    /// Whether a line holds only spaces, tabs or a carriage return: it is skipped.
    private static func isBlank(_ line: some Collection<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    private struct AccountEventID: Hashable {
        var account: String
        var id: String
    }
}
