import ByteCoding
public import SyncModel

extension ContactStore {
    /// Folds a contact edit read in place from `record`, the events-log record at `offset`: the
    /// fields it names take their new values (or are cleared), the others keep theirs. No
    /// string is made; the contact's new record is assembled from the edit's bytes and its old
    /// record's.
    public mutating func apply(_ edit: StoredContactEdit, in record: UnsafeRawBufferPointer, at offset: UInt64) {
        let id = edit.contact.bytes(in: record)
        let hash = Self.hash(id)
        let found = find(id, hash: hash)
        withUnsafeTemporaryAllocation(of: CustomChange.self, capacity: edit.customCount) { changes in
            let changeCount = sortedCustomChanges(of: edit, in: record, into: changes)
            var body = scratch
            scratch = []
            body.removeAll(keepingCapacity: true)
            bytes.withUnsafeBytes { stored in
                let merge = EditMerge(
                    edit: edit,
                    record: record,
                    changes: UnsafeBufferPointer(rebasing: changes[..<changeCount]),
                    oldStart: found.start,
                    stored: stored
                )
                merge.write(at: offset, into: &body)
            }
            if let start = found.start {
                replace(start, in: found.slot, with: body)
            } else {
                add(body, hash: hash, slot: found.slot)
            }
            scratch = body
        }
    }

    /// Folds a contact edit given as a value (what a dispatcher lane folds): the same as
    /// folding its stored form.
    public mutating func apply(_ upsert: ContactUpsert, at offset: UInt64) {
        let stored = StoredEncoding.encode(
            Event(id: "", account: "", at: EventTime(seconds: 0), payload: .contactUpserted(upsert))
        )
        stored.withUnsafeBytes { record in
            // Just encoded: it reads back.
            if let edit = try? StoredContactEdit.read(record) { apply(edit, in: record, at: offset) }
        }
    }

    /// The edit's custom fields by name number, ascending, the last value of a field named twice
    /// winning; returns how many there are.
    private mutating func sortedCustomChanges(
        of edit: StoredContactEdit,
        in record: UnsafeRawBufferPointer,
        into changes: UnsafeMutableBufferPointer<CustomChange>
    ) -> Int {
        var count = 0
        edit.forEachCustomField(in: record) { key, value in
            let name = names.number(forUTF8: key.bytes(in: record))
            var position = count
            while position > 0, changes[position - 1].name > name { position -= 1 }
            if position > 0, changes[position - 1].name == name {
                changes[position - 1].value = value
                return
            }
            var move = count
            while move > position {
                changes[move] = changes[move - 1]
                move -= 1
            }
            changes[position] = CustomChange(name: name, value: value)
            count += 1
        }
        return count
    }
}

/// A custom field an edit names: its name number and its stored value (tag 0: cleared).
struct CustomChange {
    var name: UInt32
    var value: StoredSlice
}

/// A contact's new record: an edit laid over its old record (`ContactRecord`'s layout).
private struct EditMerge {
    let edit: StoredContactEdit
    let record: UnsafeRawBufferPointer
    let changes: UnsafeBufferPointer<CustomChange>
    let old: ContactRecord?
    let oldStart: Int?
    let stored: UnsafeRawBufferPointer

    init(
        edit: StoredContactEdit,
        record: UnsafeRawBufferPointer,
        changes: UnsafeBufferPointer<CustomChange>,
        oldStart: Int?,
        stored: UnsafeRawBufferPointer
    ) {
        self.edit = edit
        self.record = record
        self.changes = changes
        self.oldStart = oldStart
        self.stored = stored
        old = oldStart.map { ContactRecord(storedAt: $0, in: stored) }
    }

    func write(at offset: UInt64, into body: inout [UInt8]) {
        body.append(0)  // live
        if let oldStart {
            let state = ContactRecord.bounds(at: oldStart, in: stored).state
            body.append(contentsOf: stored[state + 1..<state + ContactRecord.headerSize])
        } else {
            body.append(contentsOf: repeatElement(0, count: 8))  // no Tasks yet
        }
        let id = edit.contact.bytes(in: record)
        body.appendVarint(UInt64(id.count))
        body.append(contentsOf: id)
        body.appendVarint(offset + 1)
        writeFields(into: &body)
        var count = 0
        forEachCustomField { _ in count += 1 }
        body.appendVarint(UInt64(count))
        forEachCustomField { entry in
            switch entry {
            case .kept(let range): body.append(contentsOf: stored[range])
            case .set(let change):
                body.appendVarint(UInt64(change.name))
                body.append(contentsOf: change.value.bytes(in: record))
            }
        }
        if let old {
            body.append(contentsOf: stored[old.tail])
        } else {
            body.append(0)  // no link
            body.append(0)  // no Salesforce values
        }
    }

    /// The standard fields: the edit's value where it names the field, else the old one.
    private func writeFields(into body: inout [UInt8]) {
        var mask: UInt8 = 0
        for code in UInt8(0)..<7 where value(ContactField(storedCode: code)!) != nil { mask |= 1 << code }
        body.append(mask)
        for code in UInt8(0)..<7 {
            switch value(ContactField(storedCode: code)!) {
            case .new(let slice)?:
                body.appendVarint(UInt64(slice.count))
                body.append(contentsOf: slice.bytes(in: record))
            case .kept(let range)?: body.append(contentsOf: stored[range])
            case nil: break
            }
        }
    }

    private enum FieldValue {
        case new(StoredSlice)
        case kept(Range<Int>)
    }

    private func value(_ field: ContactField) -> FieldValue? {
        switch edit.fields[field] {
        case .some(.some(let slice)): .new(slice)
        case .some(.none): nil
        case .none: old?.fields[field].map(FieldValue.kept)
        }
    }

    private enum CustomEntry {
        /// An old field the edit does not name: its stored bytes.
        case kept(Range<Int>)
        /// A field the edit sets.
        case set(CustomChange)
    }

    /// Calls `body` with each custom field the new record holds, in name order: the old ones
    /// the edit does not name, and the ones it sets (not the ones it clears).
    private func forEachCustomField(_ body: (CustomEntry) -> Void) {
        var next = 0
        func change(_ change: CustomChange) {
            if record[change.value.start] != 0 { body(.set(change)) }
        }
        if let old {
            var reader = ByteReader(stored, at: old.custom.lowerBound)
            for _ in 0..<old.customCount {
                let entryStart = reader.index
                let name = UInt32(reader.readVarint() ?? 0)
                _ = ContactRecord.skipCustomValue(&reader)
                while next < changes.count, changes[next].name < name {
                    change(changes[next])
                    next += 1
                }
                if next < changes.count, changes[next].name == name {
                    change(changes[next])
                    next += 1
                } else {
                    body(.kept(entryStart..<reader.index))
                }
            }
        }
        while next < changes.count {
            change(changes[next])
            next += 1
        }
    }
}
