import ByteCoding

/// What folding needs of a stored record. A call, text or note changes the projection only by
/// its account and contact, so those are read without decoding the rest (most of a log is
/// activities, and their bodies are most of its bytes).
public enum FoldView: Sendable, Equatable {
    /// A call, text or note of `contact` in `account`.
    case activity(account: String, contact: String)
    /// Any other record, decoded whole.
    case record(StoredRecord)
}

extension StoredEncoding {
    /// The fold's view of one stored record.
    public static func foldView(_ bytes: UnsafeRawBufferPointer) throws(StoredDecodingError) -> FoldView {
        switch activityParts(bytes) {
        case .some(.some(let (account, contact))): return .activity(account: account, contact: contact)
        case .some(.none): throw StoredDecodingError("activity record ends early")
        case .none: return .record(try decode(bytes))
        }
    }

    /// The account and contact of an activity record; `.some(nil)` for a truncated one, nil for
    /// records that are not activities of this format version.
    private static func activityParts(_ buffer: UnsafeRawBufferPointer) -> (String, String)?? {
        guard buffer.count >= 2, buffer[0] == formatVersion,
            let type = StoredTypeCode.eventType(code: buffer[1]), type.isActivity
        else { return .none }
        var reader = ByteReader(buffer, at: 2)
        guard let account = reader.readString(), reader.readZigZag() != nil, reader.readVarint() != nil,
            reader.readZigZag() != nil, reader.readStringBytes() != nil, let contact = reader.readString()
        else { return .some(nil) }
        return .some((account, contact))
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
}
