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

extension FoldView {
    /// The fold's view of the stored record at `offset` of `log`, refusing one that does not
    /// decode or belongs in the other log.
    init(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, from log: LogName) throws(ProjectionError) {
        do {
            self = try StoredEncoding.foldView(bytes)
        } catch {
            throw ProjectionError(code: .undecodable, message: error.description, log: log.rawValue, offset: offset)
        }
        switch (self, log) {
        case (.activity, .events), (.contactEdit, .events), (.record(.event), .events), (.record(.outcome), .sync),
            (.record(.unknown), _):
            return
        case (.activity, .sync), (.contactEdit, .sync), (.record(.event), .sync), (.record(.outcome), .events):
            throw ProjectionError(
                code: .undecodable,
                message: "holds a record that belongs in the other log",
                log: log.rawValue,
                offset: offset
            )
        }
    }
}
