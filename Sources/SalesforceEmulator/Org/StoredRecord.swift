import Foundation

/// One record of the org, with every field's value under the field's exact name.
struct StoredRecord: Sendable {
    var id: String
    var object: String
    var fields: [String: JSON]
    var isDeleted: Bool = false
    /// The phone, name and email values SOSL sees: Salesforce's search index lags writes.
    var searchIndex: SearchIndexState

    /// The value of a field (named exactly as in the schema); `.null` when unset.
    func value(of field: String) -> JSON {
        fields[field] ?? .null
    }
}

/// What the search index holds for a record: the fields as of the last indexed write, and a newer
/// version waiting to be indexed at `due`.
struct SearchIndexState: Sendable {
    var indexed: [String: JSON]?
    var pending: (fields: [String: JSON], due: Date)?

    /// The fields SOSL matches against at `now` (`nil` while the record is not yet indexed).
    func visibleFields(at now: Date) -> [String: JSON]? {
        if let pending, pending.due <= now { return pending.fields }
        return indexed
    }

    /// Records a write of `fields` at `now`, indexed after `delay` seconds.
    mutating func write(_ fields: [String: JSON], at now: Date, delay: TimeInterval) {
        indexed = visibleFields(at: now)
        if delay <= 0 {
            indexed = fields
            pending = nil
        } else {
            pending = (fields, now.addingTimeInterval(delay))
        }
    }
}

extension Dictionary where Key == String, Value == JSON {
    /// The entry for a field a client sent, whose name Salesforce matches ignoring case: the
    /// exact spelling first, as clients almost always send it.
    func entry(forField name: String) -> (key: String, value: JSON)? {
        if let value = self[name] { return (name, value) }
        let lowered = name.lowercased()
        return first { $0.key.lowercased() == lowered }.map { ($0.key, $0.value) }
    }
}
