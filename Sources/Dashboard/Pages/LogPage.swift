import Projection
import SyncModel

/// The audit view of `avosync log`, with its filters, a page at a time.
enum LogPage {
    static let pageSize = 50

    /// The filters as the form sent them, kept as typed so the form shows them again.
    struct Filters {
        var account = ""
        var contact = ""
        var types: [String] = []
        var since = ""
        var until = ""
        var from = ""
        var sync = false
        var page = 1

        /// The filters as a query string (without `page`), for the page links.
        var query: String {
            var parts: [String] = []
            for (name, value) in [("account", account), ("contact", contact), ("since", since), ("until", until)]
            where !value.isEmpty {
                parts.append(name + "=" + urlComponent(value))
            }
            parts += types.map { "type=" + urlComponent($0) }
            if !from.isEmpty { parts.append("from=" + urlComponent(from)) }
            if sync { parts.append("sync=on") }
            return parts.joined(separator: "&")
        }

        /// The `log` command's query these filters ask for; throws a sentence naming the field
        /// that is wrong, as `log` would refuse it.
        func auditQuery() throws(LogFilterError) -> AuditQuery {
            var query = AuditQuery()
            query.account = account.isEmpty ? nil : account
            query.contact = contact.isEmpty ? nil : contact
            for type in types where !AuditQuery.knownTypes.contains(type) {
                throw LogFilterError("type: unknown type '\(type)'")
            }
            if types.contains(where: { $0.hasPrefix("sync.") }) && !sync {
                throw LogFilterError("type: outcome types (sync.*) need 'with outcomes'")
            }
            query.types = Set(types)
            query.since = try time(since, field: "since")
            query.until = try time(until, field: "until")
            if !from.isEmpty {
                guard let offset = UInt64(from) else { throw LogFilterError("from: '\(from)' is not an offset") }
                query.fromOffset = offset
            }
            query.includeSync = sync
            return query
        }

        private func time(_ text: String, field: String) throws(LogFilterError) -> EventTime? {
            guard !text.isEmpty else { return nil }
            switch EventTime.parse(text) {
            case .success(let time): return time
            case .failure(let error): throw LogFilterError("\(field): \(error)")
            }
        }
    }

    /// Page `filters.page` of the matching entries, and whether another page follows.
    static func entries(
        _ layout: DataLayout,
        _ query: AuditQuery,
        page: Int
    ) throws -> (
        entries: [AuditEntry], more: Bool
    ) {
        let reader = try AuditReader(layout: layout, query: query)
        var skipped = 0
        while skipped < (page - 1) * pageSize, try reader.next() != nil { skipped += 1 }
        var entries: [AuditEntry] = []
        while let entry = try reader.next() {
            guard entries.count < pageSize else { return (entries, true) }
            entries.append(entry)
        }
        return (entries, false)
    }

    static func context(
        _ filters: Filters,
        entries: [AuditEntry],
        more: Bool,
        problem: String?
    ) -> [String: Any] {
        let first = (filters.page - 1) * pageSize
        let query = filters.query
        let link = { (page: Int) in "/ui/log?" + (query.isEmpty ? "" : query + "&") + "page=\(page)" }
        var context: [String: Any] = [
            "filters": [
                "account": filters.account, "contact": filters.contact, "since": filters.since,
                "until": filters.until, "from": filters.from, "sync": filters.sync,
            ] as [String: Any],
            "types": AuditQuery.knownTypes.map {
                ["name": $0, "selected": filters.types.contains($0)] as [String: Any]
            },
            "page": filters.page,
            "firstShown": entries.isEmpty ? 0 : first + 1,
            "lastShown": first + entries.count,
            "entries": entries.map { entry in
                var row: [String: Any] = [
                    "offset": entry.log == .sync ? "s\(entry.offset)" : "\(entry.offset)",
                    "at": entry.at?.description ?? "-", "type": entry.typeName, "summary": entry.summary,
                    "appendedBy": entry.appendedBy ?? "-",
                ]
                row["account"] = entry.account
                row["accountPath"] = entry.account.map(urlComponent)
                row["contact"] = entry.contact
                row["contactPath"] = entry.contact.map(urlComponent)
                return row
            },
        ]
        context["problem"] = problem
        context["previous"] = filters.page > 1 ? link(filters.page - 1) : nil
        context["next"] = more ? link(filters.page + 1) : nil
        return context
    }
}

/// A log filter the page cannot use, and why.
struct LogFilterError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
