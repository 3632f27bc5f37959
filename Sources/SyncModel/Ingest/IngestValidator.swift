/// Validates the lines of one ingest input in order, carrying what earlier lines change:
/// a `settings.changed` naming `default_country` applies to the phones of later lines, and an
/// event id may appear only once per account in the input.
public struct IngestValidator {
    private let parser: EventParser
    private let storedCountry: (String) -> CountryCode
    private var countries: [String: CountryCode] = [:]
    private var seenIDs: Set<AccountEventID> = []

    /// A validator whose accounts start with the default countries `storedCountry` gives (the
    /// projection's settings).
    public init(parser: EventParser = EventParser(), storedCountry: @escaping (String) -> CountryCode) {
        self.parser = parser
        self.storedCountry = storedCountry
    }

    /// The event on line `number`, why it is refused, or nil for a blank line.
    public mutating func validate(line: some Collection<UInt8>, number: Int) -> Result<Event, IngestError>? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
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

    private struct AccountEventID: Hashable {
        var account: String
        var id: String
    }
}
