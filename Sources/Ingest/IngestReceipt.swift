/// What one ingest did: the offsets of the events it appended (empty when every event was a
/// duplicate) and how many events were duplicates of events already in the log.
public struct IngestReceipt: Sendable, Equatable {
    /// Offsets of the appended events, in order.
    public var appended: Range<UInt64>
    /// Events not appended because the log holds their `(account, id)` within the dedup window.
    public var duplicates: Int

    public init(appended: Range<UInt64>, duplicates: Int) {
        self.appended = appended
        self.duplicates = duplicates
    }
}
