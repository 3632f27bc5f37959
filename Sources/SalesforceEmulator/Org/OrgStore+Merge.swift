import Foundation

extension OrgStore {
    /// Merges `duplicates` into `master` as a person merging records in Salesforce would: each
    /// duplicate is deleted with `MasterRecordId` naming the master, its Tasks move to the master,
    /// and the master's stamps move. All or nothing.
    mutating func merge(
        _ object: ObjectSchema,
        master masterID: String,
        duplicates: [String],
        context: WriteContext
    ) throws(RecordError) {
        guard OrgSchema.mergeable.contains(object.name) else {
            throw RecordError("INVALID_TYPE", "\(object.name) records cannot be merged")
        }
        var master = try liveRecord(masterID, of: object)
        guard !duplicates.isEmpty, duplicates.count <= 2 else {
            throw RecordError("INVALID_ARGUMENT", "a merge takes one or two duplicates of the master record")
        }
        var merged: [StoredRecord] = []
        for id in duplicates {
            let duplicate = try liveRecord(id, of: object)
            guard duplicate.id != master.id else {
                throw RecordError("INVALID_ID_FIELD", "the master record cannot also be a duplicate")
            }
            merged.append(duplicate)
        }
        let stamp = context.stamp
        beginTransaction()
        for var duplicate in merged {
            duplicate.isDeleted = true
            duplicate.fields["IsDeleted"] = .bool(true)
            duplicate.fields["MasterRecordId"] = .string(master.id)
            duplicate.fields["LastModifiedDate"] = stamp
            duplicate.fields["LastModifiedById"] = .string(context.userID)
            duplicate.fields["SystemModstamp"] = stamp
            duplicate.searchIndex = .init()
            put(duplicate)
            moveTasks(from: duplicate.id, to: master.id, stamp: stamp, context: context)
        }
        master.fields["LastModifiedDate"] = stamp
        master.fields["LastModifiedById"] = .string(context.userID)
        master.fields["SystemModstamp"] = stamp
        put(master)
        commit()
    }

    /// Points every live Task of `from` (WhoId or WhatId) at `to`.
    private mutating func moveTasks(from: String, to: String, stamp: JSON, context: WriteContext) {
        guard let task = schema.object(named: "Task") else { return }
        for var record in records(of: task) where !record.isDeleted {
            var moved = false
            for field in ["WhoId", "WhatId"] where record.value(of: field) == .string(from) {
                record.fields[field] = .string(to)
                moved = true
            }
            guard moved else { continue }
            record.fields["LastModifiedDate"] = stamp
            record.fields["LastModifiedById"] = .string(context.userID)
            record.fields["SystemModstamp"] = stamp
            put(record)
        }
    }
}
