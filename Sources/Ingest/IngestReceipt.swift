/// What one ingest did: the offsets of the events it appended (empty when every event was a
/// duplicate) and how many events were duplicates of events already in the log.
public struct IngestReceipt: Sendable, Equatable {
    /// Offsets of the appended events, in order: from the first to the last. In cluster mode
    /// other requests' events may lie between them; `appendedCount` says how many are this one's.
    public var appended: Range<UInt64>
    /// How many events were appended.
    public var appendedCount: Int
    /// Events not appended because the log holds their `(account, id)` within the dedup window.
    public var duplicates: Int

    public init(appended: Range<UInt64>, duplicates: Int, appendedCount: Int? = nil) {
        self.appended = appended
        self.appendedCount = appendedCount ?? appended.count
        self.duplicates = duplicates
    }
}
