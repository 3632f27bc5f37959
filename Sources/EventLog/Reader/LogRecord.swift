/// One record read back from the log.
public struct LogRecord: Sendable, Equatable {
    /// Its position in the log: dense, starting at 0, never reused.
    public var offset: UInt64
    /// When it was appended, in microseconds since 1970-01-01T00:00:00Z.
    public var timestamp: Int64
    /// The bytes given to `append`, exactly.
    public var bytes: ArraySlice<UInt8>

    /// Creates a record value.
    public init(offset: UInt64, timestamp: Int64, bytes: ArraySlice<UInt8>) {
        self.offset = offset
        self.timestamp = timestamp
        self.bytes = bytes
    }
}

/// A whole, verified batch: its records share one decompressed buffer.
public struct LogBatch: Sendable, RandomAccessCollection {
    /// The offset of the batch's first stored record (which may lie before `startIndex`).
    let batchFirstOffset: UInt64
    /// The first record handed out; records before it were skipped by a seek.
    public let startIndex: Int
    /// Earliest and latest append time of its records (microseconds since 1970).
    public let timeRange: ClosedRange<Int64>
    let payload: [UInt8]
    /// `recordStarts[i]..<recordStarts[i+1]` is record i within `payload`.
    let recordStarts: [Int]
    let timeDeltas: [Int64]

    public var endIndex: Int { recordStarts.count - 1 }
    /// The offsets of the records it hands out.
    public var offsets: Range<UInt64> { batchFirstOffset + UInt64(startIndex)..<batchFirstOffset + UInt64(endIndex) }

    public subscript(position: Int) -> LogRecord {
        LogRecord(
            offset: batchFirstOffset + UInt64(position),
            timestamp: timeRange.lowerBound + timeDeltas[position],
            bytes: payload[recordStarts[position]..<recordStarts[position + 1]]
        )
    }

    /// The same batch without its records before `index`.
    func dropping(before index: Int) -> LogBatch {
        LogBatch(
            batchFirstOffset: batchFirstOffset,
            startIndex: Swift.max(startIndex, Swift.min(index, endIndex)),
            timeRange: timeRange,
            payload: payload,
            recordStarts: recordStarts,
            timeDeltas: timeDeltas
        )
    }
}
