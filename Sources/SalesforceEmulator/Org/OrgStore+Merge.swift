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

extension OrgStore {
    /// Converts a Lead as a person would in Salesforce: a Contact is made from its name, phones
    /// and email (or `contactID` names an existing one), and the Lead is marked converted
    /// (`IsConverted`, `ConvertedContactId`, `ConvertedDate`), after which it cannot be updated.
    /// Returns the Contact's id.
    mutating func convert(
        lead leadID: String,
        into contactID: String?,
        context: WriteContext
    ) throws(RecordError) -> String {
        guard let leads = schema.object(named: "Lead"), let contacts = schema.object(named: "Contact") else {
            throw RecordError("INVALID_TYPE", "the org has no Lead or Contact object")
        }
        var lead = try liveRecord(leadID, of: leads)
        if lead.value(of: "IsConverted") == .bool(true) {
            throw RecordError("CANNOT_UPDATE_CONVERTED_LEAD", "the Lead is converted already")
        }
        beginTransaction()
        let contact: String
        do {
            if let contactID {
                contact = try liveRecord(contactID, of: contacts).id
            } else {
                var values: [String: JSON] = [:]
                for name in ["FirstName", "LastName", "Phone", "MobilePhone", "Email"]
                where contacts.field(named: name) != nil {
                    values[name] = lead.value(of: name)
                }
                contact = try create(contacts, values: values.filter { $0.value != .null }, context: context)
            }
        } catch {
            rollBack()
            throw error
        }
        let stamp = context.stamp
        lead.fields["IsConverted"] = .bool(true)
        lead.fields["ConvertedContactId"] = .string(contact)
        lead.fields["ConvertedDate"] = .string(String(SalesforceTime.format(context.now).prefix(10)))
        lead.fields["LastModifiedDate"] = stamp
        lead.fields["LastModifiedById"] = .string(context.userID)
        lead.fields["SystemModstamp"] = stamp
        put(lead)
        commit()
        return contact
    }
}
