import ByteCoding
import EventLog

/// The identity of the logs a snapshot was taken from: the CRC-32C of the last record it covers
/// in each log (0 when it covers none). A snapshot is used only while the logs still hold those
/// very records, so a log cut shorter, rebuilt or replaced by another never meets a stale state.
struct CoveredRecords: Equatable {
    var events: UInt32 = 0
    var sync: UInt32 = 0

    /// The records `state` ends with, read from the logs of `layout`; nil when a log no longer
    /// holds them.
    static func read(_ layout: DataLayout, through state: ProjectionState) throws -> CoveredRecords? {
        guard let events = try checksum(ofRecordBefore: state.eventsNextOffset, in: layout.events),
            let sync = try checksum(ofRecordBefore: state.syncNextOffset, in: layout.sync)
        else { return nil }
        return CoveredRecords(events: events, sync: sync)
    }

    private static func checksum(ofRecordBefore offset: UInt64, in directory: String) throws -> UInt32? {
        guard offset > 0 else { return 0 }
        guard let cursor = try LogCursor.ifPresent(directory: directory, from: .offset(offset - 1)),
            let record = try cursor.next(),
            record.offset == offset - 1
        else { return nil }
        return record.bytes.withUnsafeBytes { CRC32C.checksum($0) }
    }
}
