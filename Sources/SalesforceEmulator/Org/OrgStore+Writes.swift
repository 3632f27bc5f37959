import Foundation

/// Who writes, and when: the values the org stamps on every write.
struct WriteContext: Sendable {
    var now: Date
    var userID: String
    /// How long SOSL takes to see a write (Salesforce's search index lag); 0 for at once.
    var searchIndexDelay: TimeInterval

    /// The audit stamp of this write: Salesforce keeps whole seconds in CreatedDate,
    /// LastModifiedDate and SystemModstamp.
    var stamp: JSON { .string(SalesforceTime.format(now.timeIntervalSince1970.rounded(.down).date)) }
}

extension TimeInterval {
    fileprivate var date: Date { Date(timeIntervalSince1970: self) }
}

/// How an upsert by external id ended.
enum UpsertResult: Sendable, Equatable {
    case created(String)
    case updated(String)
    /// Several records hold the value; nothing was written.
    case multipleMatches([String])
}

extension OrgStore {
    /// Creates a record of `object` from a client's field values; returns its id.
    mutating func create(
        _ object: ObjectSchema,
        values: [String: JSON],
        context: WriteContext
    ) throws(RecordError) -> String {
        var fields = try validated(values, for: object, creating: true)
        for (name, value) in object.defaults where fields[name] == nil {
            fields[name] = value
        }
        let missing = object.requiredFieldNames.filter { (fields[$0] ?? .null) == .null }
        if !missing.isEmpty { throw RecordError.requiredMissing(missing) }

        let id = newID(for: object)
        let stamp = context.stamp
        fields["Id"] = .string(id)
        fields["IsDeleted"] = .bool(false)
        fields["CreatedDate"] = stamp
        fields["CreatedById"] = .string(context.userID)
        try store(StoredRecord(id: id, object: object.name, fields: fields, searchIndex: .init()), object, context)
        return id
    }

    /// Updates the fields a client sent on an existing record.
    mutating func update(
        _ object: ObjectSchema,
        id: String,
        values: [String: JSON],
        context: WriteContext
    ) throws(RecordError) {
        var record = try liveRecord(id, of: object)
        if object.name == "Lead", record.value(of: "IsConverted") == .bool(true) {
            throw RecordError("CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead")
        }
        let changes = try validated(values, for: object, creating: false)
        let cleared = changes.filter { name, value in
            value == .null
                && (object.field(named: name).map { !$0.nillable } ?? false || object.requiredByRule.contains(name))
        }.keys.sorted()
        if !cleared.isEmpty { throw RecordError.requiredMissing(cleared) }
        record.fields.merge(changes) { _, new in new }
        try store(record, object, context)
    }

    /// Updates the record whose external id `field` holds `value`, or creates one when none does.
    mutating func upsert(
        _ object: ObjectSchema,
        externalField field: FieldSchema,
        value: String,
        values: [String: JSON],
        context: WriteContext
    ) throws(RecordError) -> UpsertResult {
        var values = values
        if let sent = values.entry(forField: field.name) {
            guard sent.value.stringValue?.lowercased() == value.lowercased() else {
                throw RecordError(
                    "INVALID_FIELD",
                    "The external ID field \(field.name) in the body does not match the URL",
                    fields: [field.name]
                )
            }
            values[sent.key] = nil
        }
        let matches = ids(of: object, whereExternal: field.name, is: value)
        switch matches.count {
        case 0:
            values[field.name] = .string(value)
            return .created(try create(object, values: values, context: context))
        case 1:
            try update(object, id: matches[0], values: values, context: context)
            return .updated(matches[0])
        default:
            return .multipleMatches(matches)
        }
    }

    /// Marks a record deleted: it leaves queries and search, and stays visible to `queryAll`.
    mutating func delete(_ object: ObjectSchema?, id: String, context: WriteContext) throws(RecordError) {
        guard var record = record(id), object == nil || record.object == object?.name else {
            throw RecordError.notFound()
        }
        if record.isDeleted { throw RecordError.deleted() }
        record.isDeleted = true
        record.fields["IsDeleted"] = .bool(true)
        record.fields["LastModifiedDate"] = context.stamp
        record.fields["SystemModstamp"] = record.fields["LastModifiedDate"]
        record.searchIndex = .init()
        put(record)
    }

    /// The record with `id`, which must be a live record of `object`.
    func liveRecord(_ id: String, of object: ObjectSchema) throws(RecordError) -> StoredRecord {
        guard let record = record(id), record.object == object.name else { throw RecordError.notFound() }
        if record.isDeleted { throw RecordError.deleted() }
        return record
    }

    // MARK: Validation

    /// Checks every sent field: that it exists, may be written, and holds a valid value.
    private func validated(
        _ values: [String: JSON],
        for object: ObjectSchema,
        creating: Bool
    ) throws(RecordError) -> [String: JSON] {
        var result: [String: JSON] = [:]
        var readOnly: [String] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) where name != "attributes" {
            guard let field = object.field(named: name) else { throw RecordError.noSuchField(name, on: object.name) }
            guard creating ? field.createable : field.updateable else {
                readOnly.append(field.name)
                continue
            }
            let stored = try FieldCoercion.coerce(value, for: field)
            if field.type == .reference, case .string(let id) = stored {
                try checkReference(id, from: field)
            }
            result[field.name] = stored
        }
        if !readOnly.isEmpty {
            let names = readOnly.joined(separator: ", ")
            throw RecordError(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to \(creating ? "create" : "update") fields: \(names). Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                fields: readOnly
            )
        }
        return result
    }

    /// A reference must name an existing record of one of the field's `referenceTo` objects.
    private func checkReference(_ id: String, from field: FieldSchema) throws(RecordError) {
        let prefix = RecordID.keyPrefix(of: id)
        guard let target = schema.object(withKeyPrefix: prefix) else {
            // Objects the emulator does not model (User, Group) are trusted by key prefix alone.
            if field.referenceTo.contains("User") && prefix == "005" { return }
            throw integrity(field, id)
        }
        guard field.referenceTo.contains(target.name) else { throw integrity(field, id) }
        guard let record = record(id), !record.isDeleted else {
            throw RecordError(
                "INVALID_CROSS_REFERENCE_KEY",
                "invalid cross reference id",
                fields: [field.name]
            )
        }
        if record.object == "Lead", record.value(of: "IsConverted") == .bool(true) {
            throw RecordError(
                "FIELD_INTEGRITY_EXCEPTION",
                "\(field.label): converted Lead \(id) cannot be referenced",
                fields: [field.name]
            )
        }
    }

    private func integrity(_ field: FieldSchema, _ id: String) -> RecordError {
        RecordError(
            "FIELD_INTEGRITY_EXCEPTION",
            "\(field.label): id value of incorrect type: \(id)",
            fields: [field.name]
        )
    }

    /// Computes the org's own values, enforces uniqueness, and stores the record.
    private mutating func store(
        _ record: StoredRecord,
        _ object: ObjectSchema,
        _ context: WriteContext
    ) throws(RecordError) {
        var record = record
        object.computeValues(&record.fields)
        for name in object.uniqueFieldNames {
            if case .string(let value) = record.value(of: name),
                let other = ids(of: object, whereExternal: name, is: value).first(where: { $0 != record.id })
            {
                throw RecordError(
                    "DUPLICATE_VALUE",
                    "duplicate value found: \(name) duplicates value on record with id: \(other)"
                )
            }
        }
        let stamp = context.stamp
        record.fields["LastModifiedDate"] = stamp
        record.fields["SystemModstamp"] = stamp
        record.fields["LastModifiedById"] = .string(context.userID)
        record.searchIndex.write(record.fields, at: context.now, delay: context.searchIndexDelay)
        put(record)
        touchParents(of: record, stamp: stamp)
    }

    /// An activity written on a record moves the record's SystemModstamp (not its
    /// LastModifiedDate), as Salesforce does: replication sees the record again.
    private mutating func touchParents(of record: StoredRecord, stamp: JSON) {
        guard record.object == "Task" else { return }
        for field in ["WhoId", "WhatId"] {
            guard case .string(let id) = record.value(of: field), let parent = RecordID.normalized(id),
                records[parent]?.isDeleted == false
            else { continue }
            touch(parent, "SystemModstamp", stamp)
        }
    }
}
