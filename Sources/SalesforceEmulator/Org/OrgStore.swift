import Foundation

/// The records of an org, with the indexes Salesforce keeps: by id, by object in creation order,
/// and by external id value.
///
/// Writes inside a transaction are journalled so that `rollBack()` undoes them, as `allOrNone`
/// requests need.
struct OrgStore: Sendable {
    let schema: OrgSchema
    private(set) var records: [String: StoredRecord] = [:]
    /// Ids per lower-cased object name, oldest first.
    private(set) var idsByObject: [String: [String]] = [:]
    /// Lower-cased object name -> external id field -> lower-cased value -> ids.
    private var externalIndex: [String: [String: [String: Set<String>]]] = [:]
    /// Lower-cased object name -> a phone's digits (`PhoneDigits.key`) -> ids of live records
    /// holding them in a phone field, now or in their search index.
    private(set) var phoneIndex: [String: [String: Set<String>]] = [:]
    /// Lower-cased object name -> field -> lower-cased value -> ids: built the first time a query
    /// asks for a field by equality, then kept up to date.
    private(set) var equalityIndexes: [String: [String: [String: Set<String>]]] = [:]
    /// Each id's place in creation order, which queries without ORDER BY follow.
    private(set) var creationOrder: [String: Int] = [:]
    private var nextSequence = 1
    private var nextCreation = 0
    private var journal: [(id: String, before: StoredRecord?)]?

    init(schema: OrgSchema) {
        self.schema = schema
    }

    /// The record with `id` (15 or 18 characters), deleted or not.
    func record(_ id: String) -> StoredRecord? {
        RecordID.normalized(id).flatMap { records[$0] }
    }

    /// The live and deleted records of an object, oldest first.
    func records(of object: ObjectSchema) -> [StoredRecord] {
        (idsByObject[object.key] ?? []).compactMap { records[$0] }
    }

    /// Live records of `object` whose external id `field` equals `value` (ignoring case).
    func ids(of object: ObjectSchema, whereExternal field: String, is value: String) -> [String] {
        let ids = externalIndex[object.key]?[field]?[value.lowercased()] ?? []
        return ids.count > 1 ? ids.sorted() : Array(ids)
    }

    /// A fresh id for `object`, never used before in this org.
    mutating func newID(for object: ObjectSchema) -> String {
        while true {
            let id = RecordID.make(keyPrefix: object.keyPrefix, sequence: nextSequence)
            nextSequence += 1
            if records[id] == nil { return id }
        }
    }

    /// Stores `record` (new or replacing the one with its id), keeping the indexes right.
    mutating func put(_ record: StoredRecord) {
        let before = records[record.id]
        journal?.append((record.id, before))
        replace(before, with: record, id: record.id)
    }

    /// Sets one field that no index but an equality index can hold (an audit stamp), in place:
    /// a Task written on a record moves the record's SystemModstamp thousands of times a batch.
    mutating func touch(_ id: String, _ field: String, _ value: JSON) {
        guard let object = records[id]?.object else { return }
        if equalityIndexes[schema.object(named: object)?.key ?? ""]?[field] != nil, var after = records[id] {
            after.fields[field] = value
            return put(after)
        }
        if journal != nil, let before = records[id] { journal?.append((id, before)) }
        records[id]?.fields[field] = value
    }

    // MARK: Transactions

    /// Starts journalling writes. Transactions do not nest.
    mutating func beginTransaction() {
        journal = []
    }

    /// Keeps every write since `beginTransaction()`.
    mutating func commit() {
        journal = nil
    }

    /// Undoes every write since `beginTransaction()`, newest first.
    mutating func rollBack() {
        guard let entries = journal else { return }
        journal = nil
        for entry in entries.reversed() {
            replace(records[entry.id], with: entry.before, id: entry.id)
        }
    }

    private mutating func replace(_ old: StoredRecord?, with new: StoredRecord?, id: String) {
        let objectKey = (new ?? old).flatMap { schema.object(named: $0.object)?.key } ?? ""
        // Most updates touch no indexed value (a Task's fields, the context fields): the indexes stay.
        let reindex = old == nil || new == nil || !sameIndexedValues(old!, new!, objectKey: objectKey)
        if let old, reindex { index(old, adding: false) }
        if let new {
            records[id] = new
            if reindex { index(new, adding: true) }
            if old == nil {
                idsByObject[objectKey, default: []].append(id)
                creationOrder[id] = nextCreation
                nextCreation += 1
            }
        } else {
            records[id] = nil
            creationOrder[id] = nil
            if var ids = idsByObject[objectKey], let position = ids.lastIndex(of: id) {
                ids.remove(at: position)
                idsByObject[objectKey] = ids
            }
        }
    }

    /// Whether two versions of a record hold the same values for everything an index keys on:
    /// deletion, external ids, phones (as written and as the search index sees them), and the
    /// fields an equality index was built for.
    private func sameIndexedValues(_ old: StoredRecord, _ new: StoredRecord, objectKey: String) -> Bool {
        guard old.isDeleted == new.isDeleted, let object = schema.object(named: new.object) else { return false }
        for field in object.externalIDFieldNames + object.phoneFieldNames
        where old.value(of: field) != new.value(of: field) {
            return false
        }
        for field in equalityIndexes[objectKey]?.keys ?? [:].keys where old.value(of: field) != new.value(of: field) {
            return false
        }
        guard !object.phoneFieldNames.isEmpty else { return true }
        let (before, after) = (old.searchIndex, new.searchIndex)
        for field in object.phoneFieldNames {
            if before.indexed?[field] != after.indexed?[field]
                || before.pending?.fields[field] != after.pending?.fields[field]
                || (before.pending == nil) != (after.pending == nil)
            {
                return false
            }
        }
        return true
    }

    private mutating func index(_ record: StoredRecord, adding: Bool) {
        guard let object = schema.object(named: record.object) else { return }
        let objectKey = object.key
        if let indexed = equalityIndexes[objectKey] {
            for field in indexed.keys {
                guard let key = Self.equalityKey(record.value(of: field)) else { continue }
                if adding {
                    equalityIndexes[objectKey]![field]![key, default: []].insert(record.id)
                } else {
                    equalityIndexes[objectKey]![field]![key]?.remove(record.id)
                }
            }
        }
        guard !record.isDeleted else { return }
        for field in object.externalIDFieldNames {
            guard case .string(let value) = record.value(of: field), !value.isEmpty else { continue }
            let valueKey = value.lowercased()
            if adding {
                externalIndex[objectKey, default: [:]][field, default: [:]][valueKey, default: []].insert(record.id)
            } else {
                externalIndex[objectKey]?[field]?[valueKey]?.remove(record.id)
            }
        }
        guard !object.phoneFieldNames.isEmpty else { return }
        let versions = [record.fields, record.searchIndex.indexed, record.searchIndex.pending?.fields].compactMap { $0 }
        for field in object.phoneFieldNames {
            for version in versions {
                guard case .string(let phone) = version[field] ?? .null else { continue }
                let key = PhoneDigits.key(phone)
                guard !key.isEmpty else { continue }
                if adding {
                    phoneIndex[objectKey, default: [:]][key, default: []].insert(record.id)
                } else {
                    phoneIndex[objectKey]?[key]?.remove(record.id)
                }
            }
        }
    }

    /// Ids of records (deleted too) whose `field` equals `value` ignoring case, building the
    /// field's index on first use.
    mutating func ids(of object: ObjectSchema, where field: FieldSchema, equals value: JSON) -> Set<String> {
        let objectKey = object.key
        if equalityIndexes[objectKey]?[field.name] == nil {
            var index: [String: Set<String>] = [:]
            for id in idsByObject[objectKey] ?? [] {
                if let key = records[id].flatMap({ Self.equalityKey($0.value(of: field.name)) }) {
                    index[key, default: []].insert(id)
                }
            }
            equalityIndexes[objectKey, default: [:]][field.name] = index
        }
        guard let key = Self.equalityKey(value) else { return [] }
        return equalityIndexes[objectKey]?[field.name]?[key] ?? []
    }

    private static func equalityKey(_ value: JSON) -> String? {
        guard case .string(let text) = value else { return nil }
        return text.lowercased()
    }
}
