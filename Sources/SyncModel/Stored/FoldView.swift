import ByteCoding

/// What folding needs of a stored record. A call, text or note changes the projection only by
/// its account, so that is read without decoding the rest (most of a log is activities, and
/// their bodies are most of its bytes).
public enum FoldView: Sendable, Equatable {
    /// A call, text or note of `account`.
    case activity(account: String)
    /// Any other record, decoded whole.
    case record(StoredRecord)
}

extension StoredEncoding {
    /// The fold's view of one stored record.
    public static func foldView(_ bytes: UnsafeRawBufferPointer) throws(StoredDecodingError) -> FoldView {
        switch activityAccount(bytes) {
        case .some(.some(let account)): return .activity(account: account)
        case .some(.none): throw StoredDecodingError("activity record ends early")
        case .none: return .record(try decode(bytes))
        }
    }

    /// The account of an activity record; `.some(nil)` for a truncated one, nil for records that
    /// are not activities of this format version.
    private static func activityAccount(_ buffer: UnsafeRawBufferPointer) -> String?? {
        guard buffer.count >= 2, buffer[0] == formatVersion,
            let type = StoredTypeCode.eventType(code: buffer[1]), type.isActivity
        else { return .none }
        var reader = ByteReader(buffer, at: 2)
        guard let account = reader.readString() else { return .some(nil) }
        return .some(account)
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
