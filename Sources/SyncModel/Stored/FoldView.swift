import ByteCoding

/// What folding needs of a stored record, read with as little work as each kind allows. A call,
/// text or note changes the projection only by its account, so only that is read (most of a log
/// is activities, and their bodies are most of its bytes); a contact edit is read in place; the
/// rest is decoded whole.
public enum FoldView: Sendable, Equatable {
    /// A call, text or note of the account whose UTF-8 bytes are at this slice.
    case activity(account: StoredSlice)
    /// A contact edit (`contact.upserted` or `salesforce.record_changed`), read in place.
    case contactEdit(StoredContactEdit)
    /// Any other record, decoded whole.
    case record(StoredRecord)
}

extension StoredEncoding {
    /// The fold's view of one stored record. Slices are positions in `bytes`.
    public static func foldView(_ bytes: UnsafeRawBufferPointer) throws(StoredDecodingError) -> FoldView {
        if let account = try activityAccount(bytes) { return .activity(account: account) }
        if let edit = try StoredContactEdit.read(bytes) { return .contactEdit(edit) }
        return .record(try decode(bytes))
    }

    /// Where the account of an activity record lies; nil for records that are not activities of
    /// this format version.
    private static func activityAccount(_ buffer: UnsafeRawBufferPointer) throws(StoredDecodingError) -> StoredSlice? {
        guard buffer.count >= 2, buffer[0] == formatVersion,
            let type = StoredTypeCode.eventType(code: buffer[1]), type.isActivity
        else { return nil }
        var reader = ByteReader(buffer, at: 2)
        guard let account = reader.readStringBytes() else { throw StoredDecodingError("activity record ends early") }
        return StoredSlice(start: reader.index - account.count, count: account.count)
    }
}

extension StoredEncoding {
    /// The stored UTF-8 bytes of a record's account, without decoding anything else; nil for a
    /// record of another format version or a truncated one.
    public static func accountBytes(_ buffer: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard buffer.count >= 2, buffer[0] == formatVersion else { return nil }
        var reader = ByteReader(buffer, at: 2)
        return reader.readStringBytes()
    }

    /// Whether the record may be `account`'s: its stored account is `account`, or cannot be read
    /// without decoding (another format version), so that only decoding can tell.
    public static func mayBelong(_ buffer: UnsafeRawBufferPointer, to account: [UInt8]) -> Bool {
        accountBytes(buffer).map { $0.elementsEqual(account) } ?? true
    }

    /// The type of an event record of this format version, from its header alone; nil for an
    /// outcome or a record of another version.
    public static func eventType(_ buffer: UnsafeRawBufferPointer) -> EventType? {
        guard buffer.count >= 2, buffer[0] == formatVersion else { return nil }
        return StoredTypeCode.eventType(code: buffer[1])
    }
}
