import EventLog
import Foundation
import Projection
import SyncModel

/// Builds the state the dispatcher starts from: the events log folded up to an offset (so that
/// settings, custom fields and contacts are as they were there) and the whole sync log.
enum DispatchState {
    static func build(_ layout: DataLayout, eventsUpTo end: UInt64) throws -> ProjectionState {
        let store = SnapshotStore(layout: layout)
        var state = ProjectionState()
        for file in store.files().reversed() where file.eventsOffset <= end {
            if let snapshot = try? store.read(file) {
                state = snapshot
                break
            }
        }
        try fold(LogName.events, in: layout, into: &state, from: state.eventsNextOffset, below: end)
        try fold(LogName.sync, in: layout, into: &state, from: state.syncNextOffset, below: nil)
        return state
    }

    /// Folds `log`'s records from `start` up to `end` (or its end).
    static func fold(
        _ log: LogName,
        in layout: DataLayout,
        into state: inout ProjectionState,
        from start: UInt64,
        below end: UInt64?
    ) throws {
        if let end, start >= end { return }
        let directory = log.directory(in: layout)
        guard FileManager.default.fileExists(atPath: directory) else { return }
        let cursor: LogCursor
        do {
            cursor = try LogCursor(directory: directory, from: .offset(start))
        } catch let error as LogError where error.code == .notALog {
            return
        }
        while let record = try cursor.next() {
            if let end, record.offset >= end { break }
            try apply(record, from: log, to: &state)
        }
    }

    static func apply(_ record: LogRecord, from log: LogName, to state: inout ProjectionState) throws {
        switch try decode(record, log) {
        case .event(let event): state.apply(event, at: record.offset)
        case .outcome(let outcome): state.apply(outcome, at: record.offset)
        case .unknown: state.applyUnknown(at: record.offset, in: log)
        }
    }

    static func decode(_ record: LogRecord, _ log: LogName) throws -> StoredRecord {
        do {
            return try StoredEncoding.decode(record.bytes)
        } catch {
            throw DispatchError("\(log.rawValue) log offset \(record.offset): \(error.description)")
        }
    }
}

/// A failure of the dispatcher itself, with where it happened.
public struct DispatchError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
