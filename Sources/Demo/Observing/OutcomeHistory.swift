import EventLog
import Projection
import SyncModel

/// What the sync log says about each contact: how its link was last made and which fields were
/// skipped, with why.
struct OutcomeHistory {
    struct Key: Hashable {
        var account: String
        var contact: String
        init(_ account: String, _ contact: String) {
            self.account = account
            self.contact = contact
        }
    }

    var linkReasons: [Key: String] = [:]
    var skipped: [Key: [String: String]] = [:]

    static func read(_ layout: DataLayout) throws -> OutcomeHistory {
        var history = OutcomeHistory()
        let cursor = try LogCursor(directory: layout.sync)
        while let record = try cursor.next() {
            guard case .outcome(let outcome) = try StoredEncoding.decode(record.bytes), let contact = outcome.contact
            else { continue }
            let key = Key(outcome.account, contact)
            switch outcome.kind {
            case .linked(_, let reason):
                history.linkReasons[key] =
                    switch reason {
                    case .matched: "matched"
                    case .ambiguous: "ambiguous"
                    case .created: "created"
                    case .followedConversion: "followed_conversion"
                    case .merged: "merged"
                    }
            case .fieldsWritten(_, _, let skipped):
                for field in skipped { history.skipped[key, default: [:]][field.field] = field.reason }
            default: break
            }
        }
        return history
    }
}
