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
            let changes = UnsafeBufferPointer(rebasing: changes[..<changeCount])
            // The new record is measured, then written into a buffer on the stack, then copied
            // into place: no array grown byte by byte.
            let size = bytes.withUnsafeBytes { stored in
                var counter = CountingSink()
                EditMerge(edit: edit, record: record, changes: changes, oldStart: found.start, stored: stored)
                    .write(at: offset, into: &counter)
                return counter.count
            }
            withUnsafeTemporaryAllocation(byteCount: size, alignment: 1) { buffer in
                bytes.withUnsafeBytes { stored in
                    var writer = PointerSink(buffer.baseAddress!)
                    EditMerge(edit: edit, record: record, changes: changes, oldStart: found.start, stored: stored)
                        .write(at: offset, into: &writer)
                }
                let body = UnsafeRawBufferPointer(buffer)
                if let start = found.start {
                    replace(start, in: found.slot, with: body)
                } else {
                    add(body, hash: hash, slot: found.slot)
                }
            }
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

    func write(at offset: UInt64, into body: inout some RecordSink) {
        body.put(0)  // live
        if let oldStart {
            let state = ContactRecord.bounds(at: oldStart, in: stored).state
            body.put(UnsafeRawBufferPointer(rebasing: stored[state + 1..<state + ContactRecord.headerSize]))
        } else {
            body.put(zeros: 8)  // no Tasks yet
        }
        let id = edit.contact.bytes(in: record)
        body.putVarint(UInt64(id.count))
        body.put(id)
        body.putVarint(offset + 1)
        writeFields(into: &body)
        var count = 0
        forEachCustomField { _ in count += 1 }
        body.putVarint(UInt64(count))
        forEachCustomField { entry in
            switch entry {
            case .kept(let range): body.put(UnsafeRawBufferPointer(rebasing: stored[range]))
            case .set(let change):
                body.putVarint(UInt64(change.name))
                body.put(change.value.bytes(in: record))
            }
        }
        if let old {
            body.put(UnsafeRawBufferPointer(rebasing: stored[old.tail]))
        } else {
            body.put(0)  // no link
            body.put(0)  // no Salesforce values
        }
    }

    /// The standard fields: the edit's value where it names the field, else the old one.
    private func writeFields(into body: inout some RecordSink) {
        var mask: UInt8 = 0
        for code in UInt8(0)..<7 where value(ContactField(storedCode: code)!) != nil { mask |= 1 << code }
        body.put(mask)
        for code in UInt8(0)..<7 {
            switch value(ContactField(storedCode: code)!) {
            case .new(let slice)?:
                body.putVarint(UInt64(slice.count))
                body.put(slice.bytes(in: record))
            case .kept(let range)?: body.put(UnsafeRawBufferPointer(rebasing: stored[range]))
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

/// Where a new record's bytes go: `EditMerge` walks once to measure the record, once to write it.
protocol RecordSink {
    mutating func put(_ byte: UInt8)
    mutating func put(_ bytes: UnsafeRawBufferPointer)
    mutating func put(zeros count: Int)
}

extension RecordSink {
    mutating func putVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            put(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        put(UInt8(rest))
    }
}

/// Counts the bytes a record takes.
struct CountingSink: RecordSink {
    private(set) var count = 0

    mutating func put(_ byte: UInt8) { count += 1 }
    mutating func put(_ bytes: UnsafeRawBufferPointer) { count += bytes.count }
    mutating func put(zeros count: Int) { self.count += count }
}

/// Writes a record's bytes to memory measured for it beforehand.
struct PointerSink: RecordSink {
    private let base: UnsafeMutableRawPointer
    private var index = 0

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    mutating func put(_ byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
        index += 1
    }

    mutating func put(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        (base + index).copyMemory(from: source, byteCount: bytes.count)
        index += bytes.count
    }

    mutating func put(zeros count: Int) {
        (base + index).initializeMemory(as: UInt8.self, repeating: 0, count: count)
        index += count
    }
}
