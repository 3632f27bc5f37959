import EventLog
import Foundation
import SyncModel

/// Which of the two logs a record comes from.
public enum LogName: String, Sendable, CaseIterable {
    case events
    case sync

    /// The log's directory in `layout`.
    public func directory(in layout: DataLayout) -> String {
        self == .events ? layout.events : layout.sync
    }
}

extension ProjectionState {
    /// Folds the stored record at `offset` of `log`.
    mutating func apply(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, from log: LogName) throws(ProjectionError) {
        let view: FoldView
        do {
            // Contact edits go straight from their bytes into the contact store.
            if log == .events, let edit = try StoredContactEdit.read(bytes) {
                return applyContactEdit(edit, in: bytes, at: offset)
            }
            view = try StoredEncoding.foldView(bytes)
        } catch {
            throw ProjectionError(code: .undecodable, message: error.description, log: log.rawValue, offset: offset)
        }
        switch (view, log) {
        case (.activity(let account), .events): applyActivity(account: account, at: offset)
        case (.record(.event(let event)), .events): apply(event, at: offset)
        case (.record(.outcome(let outcome)), .sync): apply(outcome, at: offset)
        case (.record(.unknown), _): applyUnknown(at: offset, in: log)
        case (.activity, .sync), (.record(.event), .sync), (.record(.outcome), .events):
            throw ProjectionError(
                code: .undecodable,
                message: "holds a record that belongs in the other log",
                log: log.rawValue,
                offset: offset
            )
        }
    }
}
