/// Builds a batch's bytes in two steps so that the slow part runs outside the writer's lock:
/// `prepare` lays out the record table and compresses (no offsets needed); `finish` stamps the
/// offsets and time, then checksums.
struct PreparedBatch {
    /// The whole batch; offset, time and checksum fields are zero until `finish`.
    private(set) var bytes: [UInt8]
    let recordCount: Int

    /// Lays out and compresses `records`. All records of one batch share one append time.
    init(records: ArraySlice<[UInt8]>) throws {
        recordCount = records.count
        var table: [UInt8] = []
        table.reserveCapacity(records.count * 3)
        var payloadSize = 0
        for record in records {
            table.appendVarint(UInt64(record.count))
            table.appendVarint(0)
            payloadSize += record.count
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
        var bytes = [UInt8](repeating: 0, count: headerEnd + bound)
        let frameSize = try bytes.withUnsafeMutableBytes { destination in
            try payload.withUnsafeBytes { source in
                try LZ4FrameCodec.compress(source, into: UnsafeMutableRawBufferPointer(rebasing: destination[headerEnd...]))
            }
        }
        bytes.removeLast(bound - frameSize)
        bytes.storeLittleEndian(BatchHeader.skippableMagic, at: 0)
        bytes.storeLittleEndian(UInt32(headerEnd - 8), at: 4)
        bytes.storeLittleEndian(BatchHeader.magic, at: 8)
        bytes[12] = BatchHeader.version
        bytes[13] = BatchHeader.codecLZ4Frame
        bytes.storeLittleEndian(UInt32(records.count), at: 28)
        bytes.storeLittleEndian(UInt32(payloadSize), at: 48)
        bytes.storeLittleEndian(UInt32(frameSize), at: 52)
        bytes.replaceSubrange(BatchHeader.fixedSize..<headerEnd, with: table)
        self.bytes = bytes
    }

    /// Stamps the first offset and the append time, then the checksum. Returns the final bytes.
    mutating func finish(firstOffset: UInt64, time: Int64) -> [UInt8] {
        bytes.storeLittleEndian(firstOffset, at: 20)
        bytes.storeLittleEndian(time, at: 32)
        bytes.storeLittleEndian(time, at: 40)
        let checksum = bytes.withUnsafeBytes { raw in
            let head = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<BatchHeader.checksumPosition]))
            return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(BatchHeader.checksumPosition + 4)...]), seed: head)
        }
        bytes.storeLittleEndian(checksum, at: BatchHeader.checksumPosition)
        return bytes
    }
}
