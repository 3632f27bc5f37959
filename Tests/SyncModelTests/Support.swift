import SyncModel

/// Parses one line with fixed ids and the US as every account's country.
func parse(_ line: String, country: CountryCode = .unitedStates) -> Result<Event, IngestError> {
    EventParser(makeID: { "assigned-id" }).parse(line: Array(line.utf8), number: 7) { _ in country }
}

/// Parses a line that must be valid.
func event(_ line: String) throws -> Event {
    try parse(line).get()
}

/// The stored encoding, decoded again.
func storedRoundTrip(_ event: Event) throws -> Event? {
    guard case .event(let decoded) = try StoredEncoding.decode(StoredEncoding.encode(event)) else { return nil }
    return decoded
}

/// The audit JSON, parsed again.
func jsonRoundTrip(_ event: Event) throws -> Event {
    try parse(event.jsonObject.jsonText).get()
}

func country(_ code: String) -> CountryCode {
    guard case .success(let country) = CountryCode.parse(code) else { fatalError("unknown country \(code) in a test") }
    return country
}
