import ByteCoding

extension StoredEncoding {
    /// The UTF-8 bytes of a stored event's account and id, read from its envelope without
    /// decoding the rest (the dedup window reads days of events this way); nil for an outcome,
    /// a record of another format version, or a truncated one.
    public static func eventIdentity(
        _ buffer: UnsafeRawBufferPointer
    ) -> (account: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer)? {
        guard buffer.count >= 2, buffer[0] == formatVersion, StoredTypeCode.eventType(code: buffer[1]) != nil
        else { return nil }
        var reader = ByteReader(buffer, at: 2)
        guard let account = reader.readStringBytes(), reader.readZigZag() != nil, reader.readVarint() != nil,
            reader.readZigZag() != nil, let id = reader.readStringBytes()
        else { return nil }
        return (account, id)
    }
}
