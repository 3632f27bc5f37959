import ByteCoding

extension StoredEncoding {
    /// Decodes one stored record. Records of a newer format or an unknown type come back as
    /// `.unknown`; a record of a known type that does not decode throws.
    public static func decode(_ bytes: some RandomAccessCollection<UInt8>) throws(StoredDecodingError) -> StoredRecord {
        let result: Result<StoredRecord, StoredDecodingError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(StoredDecodingError) in try decode(UnsafeRawBufferPointer(buffer)) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { buffer in
            Result { () throws(StoredDecodingError) in try decode(buffer) }
        }.get()
    }

    static func decode(_ buffer: UnsafeRawBufferPointer) throws(StoredDecodingError) -> StoredRecord {
        var reader = StoredReader(buffer)
        let version = try reader.byte("format version")
        let code = try reader.byte("type code")
        guard version == formatVersion else {
            return .unknown(
                UnknownRecord(formatVersion: version, typeCode: code, account: nil, at: nil, bytes: Array(buffer))
            )
        }
        let account = try reader.string("account")
        let at = try reader.time()
        if let type = StoredTypeCode.eventType(code: code) {
            let id = try reader.string("id")
            let contact = type.isContactScoped ? try reader.string("contact") : ""
            let payload = try reader.payload(of: type, contact: contact)
            try reader.expectEnd()
            return .event(Event(id: id, account: account, at: at, payload: payload))
        }
        if StoredTypeCode.outcomeCodes.contains(code) {
            let offset = try reader.varint("event offset")
            let contact = try reader.optionalString("contact")
            let kind = try reader.outcomeKind(code: code)
            try reader.expectEnd()
            return .outcome(
                Outcome(
                    account: account,
                    at: at,
                    eventOffset: offset == 0 ? nil : offset - 1,
                    contact: contact,
                    kind: kind
                )
            )
        }
        return .unknown(
            UnknownRecord(formatVersion: version, typeCode: code, account: account, at: at, bytes: Array(buffer))
        )
    }
}
