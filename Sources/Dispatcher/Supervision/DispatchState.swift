import EventLog
import Foundation
import Projection
import SyncModel

/// Builds the state the lanes start from: the events log folded up to an offset (so that
/// settings, custom fields and contacts are as they were there) and the whole sync log.
enum DispatchState {
    static func build(_ layout: DataLayout, eventsUpTo end: UInt64) throws -> ProjectionState {
        var state = snapshot(notPast: end, layout)
        try fold(LogName.events, in: layout, into: &state, from: state.eventsNextOffset, below: end)
        try fold(LogName.sync, in: layout, into: &state, from: state.syncNextOffset, below: nil)
        return state
    }

    /// One account's state at its checkpoint, for a lane that starts on its own (connected while
    /// following, or connected again): its events folded up to the checkpoint, and all of its
    /// outcomes. Other accounts' records are passed over by their stored account name, without
    /// decoding them.
    static func account(_ name: String, in layout: DataLayout) throws -> AccountState {
        let bytes = Array(name.utf8)
        var (start, account) = try outcomes(of: name, bytes, from: snapshot(notPast: .max, layout), layout)
        let checkpoint = account.checkpoint?.nextOffset ?? 0
        if start.eventsNextOffset > checkpoint {
            (start, account) = try outcomes(of: name, bytes, from: snapshot(notPast: checkpoint, layout), layout)
        }
        try forEachRecord(of: bytes, in: .events, of: layout, from: start.eventsNextOffset, below: checkpoint) {
            record in
            if case .event(let event) = try decode(record, .events), event.account == name {
                account.apply(event, at: record.offset)
            }
        }
        return account
    }

    /// The newest snapshot that does not cover events past `offset`, or an empty state.
    private static func snapshot(notPast offset: UInt64, _ layout: DataLayout) -> ProjectionState {
        let store = SnapshotStore(layout: layout)
        for file in store.files().reversed() where file.eventsOffset <= offset {
            if let snapshot = try? store.readCurrent(file) { return snapshot }
        }
        return ProjectionState()
    }

    /// The account in `start` with every later outcome of its folded in.
    private static func outcomes(
        of name: String,
        _ bytes: [UInt8],
        from start: ProjectionState,
        _ layout: DataLayout
    ) throws -> (ProjectionState, AccountState) {
        var account = start.account(name)
        try forEachRecord(of: bytes, in: .sync, of: layout, from: start.syncNextOffset, below: nil) { record in
            if case .outcome(let outcome) = try decode(record, .sync), outcome.account == name {
                account.apply(outcome)
            }
        }
        return (start, account)
    }

    /// Calls `body` with each record of `log` from `start` below `end`: all of them, or those whose
    /// stored account is `account` (or cannot be read without decoding).
    private static func forEachRecord(
        of account: [UInt8]?,
        in log: LogName,
        of layout: DataLayout,
        from start: UInt64,
        below end: UInt64?,
        _ body: (LogRecord) throws -> Void
    ) throws {
        if let end, start >= end { return }
        guard let cursor = try LogCursor.ifPresent(directory: log.directory(in: layout), from: .offset(start)) else {
            return
        }
        while let record = try cursor.next() {
            if let end, record.offset >= end { break }
            let matches = account.map { account in
                record.bytes.withUnsafeBytes { StoredEncoding.mayBelong($0, to: account) }
            }
            if matches ?? true { try body(record) }
        }
    }

    /// Folds `log`'s records from `start` up to `end` (or its end).
    static func fold(
        _ log: LogName,
        in layout: DataLayout,
        into state: inout ProjectionState,
        from start: UInt64,
        below end: UInt64?
    ) throws {
        try forEachRecord(of: nil, in: log, of: layout, from: start, below: end) { record in
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
