import Projection
import SalesforceClient
import SyncModel

/// The one query that reads an object's changes for every account of an org that links records
/// of it: every row whose SystemModstamp is at or after the earliest cursor, deleted and merged
/// ones included (`queryAll`), in stamp and id order, with the fields any of those accounts
/// brings back.
enum ChangeQuery {
    static func query(
        for object: ObjectDescription,
        accounts: [AccountState],
        overlap: Duration
    ) -> SOQLQuery? {
        guard let name = try? APIName(object.name) else { return nil }
        var names = ["Id", "SystemModstamp", "IsDeleted", "MasterRecordId"]
        if object.name == "Lead" { names += ["IsConverted", "ConvertedContactId"] }
        for account in accounts {
            let synced = SyncedFields(object: object, settings: account.settings, customFields: account.customFields)
            names += synced.comingBack.keys.sorted()
        }
        var seen: Set<String> = []
        let fields = names.filter { object.field($0) != nil && seen.insert($0).inserted }.compactMap {
            try? APIName($0)
        }
        var condition: SOQLCondition?
        if let start = start(for: object.name, accounts: accounts, overlap: overlap) {
            condition = .atLeast(try! APIName("SystemModstamp"), .dateTime(secondsSince1970: start.seconds))
        }
        return SOQLQuery(
            select: fields,
            from: name,
            where: condition,
            orderBy: [(try! APIName("SystemModstamp"), false), (try! APIName("Id"), false)]
        )
    }

    /// Where the accounts' reading of `object` starts: the earliest cursor, or for an account
    /// with none yet, the overlap before it first linked a record. nil: from the beginning
    /// (links older than two-way sync).
    static func start(for object: String, accounts: [AccountState], overlap: Duration) -> EventTime? {
        var earliest: EventTime?
        for account in accounts {
            guard let start = account.captureCursors[object] ?? account.captureFrom?.adding(.zero - overlap) else {
                return nil
            }
            earliest = min(earliest ?? start, start)
        }
        return earliest
    }

    /// The cursor after a poll that began at `began` (this machine's clock) and saw rows up to
    /// `newest`: nothing stamped before it can still commit, given that no transaction (and no
    /// clock skew) lasts longer than `overlap`. So a quiet org's window shrinks to the overlap,
    /// and a change committed late with an older stamp is still read.
    static func cursor(after began: EventTime, newest: EventTime?, overlap: Duration) -> EventTime {
        max(newest ?? began, began).adding(.zero - overlap)
    }
}
