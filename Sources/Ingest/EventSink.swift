public import SyncModel

/// Where validated events go to become durable: the local events log (`IngestLog`), or a
/// cluster's replicated events stream. The HTTP ingest answers from what `append` returns.
public protocol EventSink: Sendable {
    /// The default countries of the accounts that set one, for normalising phones.
    var countries: [String: CountryCode] { get }
    /// Why events cannot be made durable now, if they cannot.
    var failure: String? { get }
    /// Makes the events durable, passing over duplicates; blocks until they are. All or nothing
    /// for `IngestLog`; a cluster keeps what it stored and drops duplicates when a client retries.
    /// `appendedBy` names who appended them in the audit trail (a token's name, or `Appender`'s).
    func append(_ events: [Event], appendedBy: String) throws -> IngestReceipt
}

extension IngestLog: EventSink {}

/// The default countries that `events` set, in order (what a sink must learn to normalise
/// later events' phones).
public func defaultCountryChanges(in events: [Event]) -> [(String, CountryCode)] {
    IngestIndex.countryChanges(in: events)
}
