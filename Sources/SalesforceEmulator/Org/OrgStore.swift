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
    private var nextSequence = 1
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
        (idsByObject[object.name.lowercased()] ?? []).compactMap { records[$0] }
    }

    /// Live records of `object` whose external id `field` equals `value` (ignoring case).
    func ids(of object: ObjectSchema, whereExternal field: String, is value: String) -> [String] {
        let ids = externalIndex[object.name.lowercased()]?[field.lowercased()]?[value.lowercased()] ?? []
        return ids.sorted()
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
        let objectKey = (new ?? old).map { $0.object.lowercased() } ?? ""
        if let old { index(old, adding: false) }
        if let new {
            records[id] = new
            index(new, adding: true)
            if old == nil { idsByObject[objectKey, default: []].append(id) }
        } else {
            records[id] = nil
            if var ids = idsByObject[objectKey], let position = ids.lastIndex(of: id) {
                ids.remove(at: position)
                idsByObject[objectKey] = ids
            }
        }
    }

    private mutating func index(_ record: StoredRecord, adding: Bool) {
        guard !record.isDeleted, let object = schema.object(named: record.object) else { return }
        let objectKey = object.name.lowercased()
        for field in object.fields where field.externalID {
            guard case .string(let value) = record.value(of: field.name), !value.isEmpty else { continue }
            let fieldKey = field.name.lowercased()
            let valueKey = value.lowercased()
            if adding {
                externalIndex[objectKey, default: [:]][fieldKey, default: [:]][valueKey, default: []].insert(record.id)
            } else {
                externalIndex[objectKey]?[fieldKey]?[valueKey]?.remove(record.id)
            }
        }
    }
}
