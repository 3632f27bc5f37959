import ByteCoding

/// Builds a batch's bytes in two steps so that the slow part runs outside the writer's lock:
/// `prepare` lays out the record table and compresses (no offsets needed); `finish` stamps the
/// offsets and time, then checksums.
struct PreparedBatch {
    /// The whole batch; offset, time and checksum fields are zero until `finish`.
    private(set) var bytes: [UInt8]
    let recordCount: Int

    /// Lays out and compresses `records`, naming `appendedBy` in the header when given. All
    /// records of one batch share one append time.
    init(records: ArraySlice<[UInt8]>, appendedBy: String? = nil) throws {
        recordCount = records.count
        var table: [UInt8] = []
        table.reserveCapacity(records.count * 3)
        var payloadSize = 0
        for record in records {
            table.appendVarint(UInt64(record.count))
            table.appendVarint(0)
            payloadSize += record.count
        }
        if let appendedBy {
            let name = Array(appendedBy.utf8)
            guard (1...BatchHeader.maxAppendedByBytes).contains(name.count) else {
                throw LogError(
                    code: .invalidArgument,
                    message:
                        "who appended a batch is named in 1 to \(BatchHeader.maxAppendedByBytes) bytes, not \(name.count)"
                )
            }
            table.appendVarint(UInt64(name.count))
            table.append(contentsOf: name)
        }
        guard payloadSize <= BatchHeader.maxPayloadSize, records.count <= BatchHeader.maxRecordCount else {
            throw LogError(code: .invalidArgument, message: "batch of \(payloadSize) bytes is too large")
        }

        let payload: [UInt8]
        if records.count == 1 {
            payload = records.first!
        } else {
            var joined: [UInt8] = []
            joined.reserveCapacity(payloadSize)
            for record in records { joined.append(contentsOf: record) }
            payload = joined
        }

        let headerEnd = BatchHeader.fixedSize + table.count
        let bound = LZ4FrameCodec.compressedBound(payloadSize)
        // Only the header is zeroed; the frame is written straight after it, without a copy.
        let bytes = try [UInt8](unsafeUninitializedCapacity: headerEnd + bound) { buffer, initialized in
            let destination = UnsafeMutableRawBufferPointer(buffer)
            destination[..<headerEnd].initializeMemory(as: UInt8.self, repeating: 0)
            let frameSize = try payload.withUnsafeBytes { source in
                try LZ4FrameCodec.compress(
                    source,
                    into: UnsafeMutableRawBufferPointer(rebasing: destination[headerEnd...])
                )
            }
            initialized = headerEnd + frameSize
        }
        let frameSize = bytes.count - headerEnd
        var header = bytes
        header.storeLittleEndian(BatchHeader.skippableMagic, at: 0)
        header.storeLittleEndian(UInt32(headerEnd - 8), at: 4)
        header.storeLittleEndian(BatchHeader.magic, at: 8)
        header[12] = BatchHeader.version
        header[13] = BatchHeader.codecLZ4Frame
        header.storeLittleEndian(appendedBy == nil ? 0 : BatchHeader.flagAppendedBy, at: 14)
        header.storeLittleEndian(UInt32(records.count), at: 28)
        header.storeLittleEndian(UInt32(payloadSize), at: 48)
        header.storeLittleEndian(UInt32(frameSize), at: 52)
        header.replaceSubrange(BatchHeader.fixedSize..<headerEnd, with: table)
        self.bytes = header
    }

    /// Stamps the first offset and the append time, then the checksum. Returns the final bytes.
    mutating func finish(firstOffset: UInt64, time: Int64) -> [UInt8] {
        bytes.storeLittleEndian(firstOffset, at: 20)
        bytes.storeLittleEndian(time, at: 32)
        bytes.storeLittleEndian(time, at: 40)
        let checksum = bytes.withUnsafeBytes { BatchHeader.checksum(ofBatch: $0) }
        bytes.storeLittleEndian(checksum, at: BatchHeader.checksumPosition)
        return bytes
    }
}
