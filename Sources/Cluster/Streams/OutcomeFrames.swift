/// The records of one outcomes message: each as a 4-byte little-endian length and its bytes.
enum OutcomeFrames {
    static func encode(_ records: ArraySlice<[UInt8]>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.reduce(0) { $0 + 4 + $1.count })
        for record in records {
            let length = UInt32(record.count)
            for shift in stride(from: 0, to: 32, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: length >> UInt32(shift)))
            }
            bytes.append(contentsOf: record)
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8], sequence: UInt64) throws -> [[UInt8]] {
        var records: [[UInt8]] = []
        var position = 0
        while position < bytes.count {
            guard position + 4 <= bytes.count else { throw damaged(sequence, at: position) }
            var length = 0
            for index in 0..<4 { length |= Int(bytes[position + index]) << (8 * index) }
            position += 4
            guard position + length <= bytes.count else { throw damaged(sequence, at: position) }
            records.append(Array(bytes[position..<position + length]))
            position += length
        }
        return records
    }

    /// Cuts `records` into messages of at most `limit` bytes each (a record larger than the
    /// limit goes alone).
    static func chunks(_ records: [[UInt8]], limit: Int) -> [ArraySlice<[UInt8]>] {
        var chunks: [ArraySlice<[UInt8]>] = []
        var start = 0
        var size = 0
        for (index, record) in records.enumerated() {
            if index > start, size + 4 + record.count > limit {
                chunks.append(records[start..<index])
                start = index
                size = 0
            }
            size += 4 + record.count
        }
        if start < records.count { chunks.append(records[start...]) }
        return chunks
    }

    private static func damaged(_ sequence: UInt64, at position: Int) -> ClusterError {
        ClusterError("outcomes message \(sequence) of \(ClusterNames.outcomesStream) is damaged at byte \(position)")
    }
}
