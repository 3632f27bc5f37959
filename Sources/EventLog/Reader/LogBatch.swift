/// A whole, verified batch: its records share one decompressed buffer.
public struct LogBatch: Sendable, RandomAccessCollection {
    /// The offset of the batch's first stored record (which may lie before `startIndex`).
    @usableFromInline let batchFirstOffset: UInt64
    /// The first record handed out; records before it were skipped by a seek.
    public let startIndex: Int
    /// Earliest and latest append time of its records (microseconds since 1970).
    public let timeRange: ClosedRange<Int64>
    @usableFromInline let payload: [UInt8]
    /// `recordStarts[i]..<recordStarts[i+1]` is record i within `payload`.
    @usableFromInline let recordStarts: [Int]
    let timeDeltas: [Int64]
    /// Who appended the batch, when the writer named it (batches of older logs do not). Kept by the
    /// batch, not copied into each record: a record stays a few words that cost nothing to hand out.
    public let appendedBy: String?

    /// One past the last record.
    @inlinable public var endIndex: Int { recordStarts.count - 1 }
    /// The offsets of the records it hands out.
    public var offsets: Range<UInt64> { batchFirstOffset + UInt64(startIndex)..<batchFirstOffset + UInt64(endIndex) }

    /// The record at `position` (from `startIndex` to `endIndex`), sharing the batch's buffer.
    public subscript(position: Int) -> LogRecord {
        LogRecord(
            offset: batchFirstOffset + UInt64(position),
            timestamp: timeRange.lowerBound + timeDeltas[position],
            bytes: payload[recordStarts[position]..<recordStarts[position + 1]]
        )
    }

    /// Calls `body` with each record's offset and bytes, borrowing the batch's buffer once: no
    /// reference counting per record, which matters when several threads scan one batch.
    @inlinable
    public func forEachRecord<E: Error>(
        _ body: (_ offset: UInt64, _ bytes: UnsafeRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        let result: Result<Void, E> = payload.withUnsafeBytes { buffer in
            for position in startIndex..<endIndex {
                let bytes = UnsafeRawBufferPointer(
                    rebasing: buffer[recordStarts[position]..<recordStarts[position + 1]]
                )
                do throws(E) {
                    try body(batchFirstOffset + UInt64(position), bytes)
                } catch {
                    return .failure(error)
                }
            }
            return .success(())
        }
        try result.get()
    }

    /// The same batch without its records before `index`.
    func dropping(before index: Int) -> LogBatch {
        LogBatch(
            batchFirstOffset: batchFirstOffset,
            startIndex: Swift.max(startIndex, Swift.min(index, endIndex)),
            timeRange: timeRange,
            payload: payload,
            recordStarts: recordStarts,
            timeDeltas: timeDeltas,
            appendedBy: appendedBy
        )
    }
}
