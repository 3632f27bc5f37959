import Projection
import Reports
import SyncModel

/// The audit view as a table: one row per event or outcome (outcomes' offsets start with `s`).
enum AuditTable {
    static let header =
        padded("OFFSET", 10) + "  " + padded("AT", 30) + "  " + padded("TYPE", 20) + "  " + padded("ACCOUNT", 12) + "  "
        + padded("CONTACT", 12) + "  CONTENT"

    static func row(_ entry: AuditEntry) -> String {
        let offset = entry.log == .sync ? "s\(entry.offset)" : "\(entry.offset)"
        return padded(offset, 10) + "  " + padded(entry.at?.description ?? "-", 30) + "  " + padded(entry.typeName, 20)
            + "  " + padded(entry.account ?? "-", 12) + "  " + padded(entry.contact ?? "-", 12) + "  " + entry.summary
    }
}
