import Projection
import Reports
import SyncModel

/// One contact: its fields with their provenance, its link, and its history across both logs.
enum ContactPage {
    /// History entries shown, at most; the log page pages through the rest.
    static let historyLimit = 500

    /// The contact's events and outcomes in append order, at most `historyLimit`, and whether
    /// there were more.
    static func history(
        _ layout: DataLayout,
        account: String,
        contact: String
    ) throws -> (entries: [AuditEntry], truncated: Bool) {
        var query = AuditQuery()
        query.account = account
        query.contact = contact
        query.includeSync = true
        let reader = try AuditReader(layout: layout, query: query)
        var entries: [AuditEntry] = []
        while let entry = try reader.next() {
            guard entries.count < historyLimit else { return (entries, true) }
            entries.append(entry)
        }
        return (entries, false)
    }

    static func context(
        account: String,
        view: ContactView,
        history: (entries: [AuditEntry], truncated: Bool)
    ) -> [String: Any] {
        var context: [String: Any] = [
            "account": account,
            "accountPath": urlComponent(account),
            "contact": view.id,
            "fields": (view.values + view.customValues).map { field in
                var row: [String: Any] = ["name": field.name, "value": field.value.plainText]
                if let origin = field.origin {
                    row["source"] = origin.side.rawValue
                    row["offset"] = origin.offset
                    row["at"] = origin.at.description
                }
                return row
            },
            "history": history.entries.map { entry in
                [
                    "log": entry.log.rawValue, "offset": entry.offset, "at": entry.at?.description ?? "-",
                    "type": entry.typeName, "summary": entry.summary,
                ] as [String: Any]
            },
            "truncated": history.truncated,
            "shown": history.entries.count,
        ]
        context["link"] = view.state.link.map { ["object": $0.object, "id": $0.id] }
        return context
    }
}
