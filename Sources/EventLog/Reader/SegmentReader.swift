import ByteCoding

/// Reads batches out of one segment file, verifying each before handing it out.
///
/// Not thread-safe (it owns a read-ahead window and an LZ4 context): one per cursor.
final class SegmentReader {
    let file: any LogFile
    let baseOffset: UInt64
    var path: String { file.path }

    private var window: [UInt8] = []
    private var windowStart: Int64 = 0
    private let decompressor = LZ4FrameDecompressor()
    private static let readAhead = 1 << 20

    /// What lies at a position of the segment.
    enum Found {
        /// A whole, verified batch; `next` is the position right after it.
        case batch(header: BatchHeader, decoded: LogBatch?, next: Int64)
        /// The position is the end of the file.
        case end
        /// A batch starts here but the file ends before it does (torn, or still being written).
        case incomplete(String)
        /// The bytes here are not a verifiable batch.
        case invalid(String)
    }

    /// Opens a segment and checks its header against the base offset its name claims.
    init(file: any LogFile, expectedBase: UInt64) throws {
        self.file = file
        let header = try SegmentHeader.decode(try file.read(count: SegmentHeader.size, at: 0), path: file.path)
        guard header.baseOffset == expectedBase else {
            throw LogError.damaged(
                "segment header says it starts at offset \(header.baseOffset) but its name says \(expectedBase)",
                path: file.path,
                position: 20
            )
        }
        baseOffset = expectedBase
    }

    /// Reads only the fixed part of the header at `position`: for seeking and index rebuilds.
    /// Sizes are range-checked but the checksum is not verified.
    func header(at position: Int64) throws -> Found {
        let bytes = try file.read(count: BatchHeader.fixedSize, at: position)
        if bytes.isEmpty { return .end }
        let parsed = bytes.withUnsafeBytes { BatchHeader.parseFixedPart($0) }
        switch parsed {
        case .failure(.incomplete):
            return .incomplete("\(bytes.count) bytes where a batch header needs \(BatchHeader.fixedSize)")
        case .failure(.malformed(let reason)): return .invalid(reason)
        case .success(let header): return .batch(header: header, decoded: nil, next: position + Int64(header.totalSize))
        }
    }

    /// Reads, verifies and (when `decode` is set) decompresses the batch at `position`.
    func batch(at position: Int64, decode: Bool) throws -> Found {
        guard let fixed = try bytes(at: position, count: BatchHeader.fixedSize) else {
            let size = try file.size()
            invalidateWindow()
            if size <= position { return .end }
            return .incomplete("\(size - position) bytes where a batch header needs \(BatchHeader.fixedSize)")
        }
        let header: BatchHeader
        switch fixed.withUnsafeBytes({ BatchHeader.parseFixedPart($0) }) {
        case .failure(.incomplete): return .incomplete("cut short")
        case .failure(.malformed(let reason)):
            invalidateWindow()
            return .invalid(reason)
        case .success(let parsed): header = parsed
        }
        guard let whole = try bytes(at: position, count: header.totalSize) else {
            invalidateWindow()
            let available = try file.size() - position
            return .incomplete("batch of \(header.totalSize) bytes but only \(available) are in the file")
        }
        let result: Found = whole.withUnsafeBytes { raw in
            let computed = BatchHeader.checksum(ofBatch: raw)
            guard computed == header.checksum else {
                return .invalid("checksum mismatch (stored \(header.checksum), computed \(computed))")
            }
            guard decode else { return .batch(header: header, decoded: nil, next: position + Int64(header.totalSize)) }
            switch decodeBatch(header, raw) {
            case .success(let batch):
                return .batch(header: header, decoded: batch, next: position + Int64(header.totalSize))
            case .failure(let problem): return .invalid(problem.reason)
            }
        }
        if case .batch = result {} else { invalidateWindow() }
        return result
    }

    private struct DecodeProblem: Error { let reason: String }

    private func decodeBatch(_ header: BatchHeader, _ raw: UnsafeRawBufferPointer) -> Result<LogBatch, DecodeProblem> {
        let count = Int(header.recordCount)
        var reader = ByteReader(
            UnsafeRawBufferPointer(rebasing: raw[0..<(8 + Int(header.contentSize))]),
            at: BatchHeader.fixedSize
        )
        var starts = [Int]()
        starts.reserveCapacity(count + 1)
        var deltas = [Int64]()
        deltas.reserveCapacity(count)
        var total = 0
        starts.append(0)
        let span = UInt64(header.maxTime - header.minTime)
        for _ in 0..<count {
            guard let length = reader.readVarint(), let delta = reader.readVarint(), delta <= span,
                length <= UInt64(header.payloadSize)
            else { return .failure(DecodeProblem(reason: "record table is malformed")) }
            total += Int(length)
            starts.append(total)
            deltas.append(Int64(delta))
        }
        guard total == Int(header.payloadSize) else {
            return .failure(
                DecodeProblem(reason: "record table sums to \(total) bytes, header says \(header.payloadSize)")
            )
        }
        var appendedBy: String?
        if header.flags & BatchHeader.flagAppendedBy != 0 {
            guard let name = reader.readStringBytes(), (1...BatchHeader.maxAppendedByBytes).contains(name.count),
                let text = String(validating: name.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
            else { return .failure(DecodeProblem(reason: "the name of who appended the batch is malformed")) }
            appendedBy = text
        }
        guard reader.remaining == 0 else {
            return .failure(DecodeProblem(reason: "\(reader.remaining) bytes follow the record table in the header"))
        }
        let frame = UnsafeRawBufferPointer(rebasing: raw[(8 + Int(header.contentSize))...])
        var failure: String?
        let payload = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            failure = decompressor.decompress(frame, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = failure == nil ? total : 0
        }
        if let failure { return .failure(DecodeProblem(reason: failure)) }
        return .success(
            LogBatch(
                batchFirstOffset: header.firstOffset,
                startIndex: 0,
                timeRange: header.minTime...header.maxTime,
                payload: payload,
                recordStarts: starts,
                timeDeltas: deltas,
                appendedBy: appendedBy
            )
        )
    }

    /// `count` bytes at `position` through the read-ahead window, or nil when the file is shorter.
    private func bytes(at position: Int64, count: Int) throws -> ArraySlice<UInt8>? {
        let windowEnd = windowStart + Int64(window.count)
        if position >= windowStart && position + Int64(count) <= windowEnd {
            let from = Int(position - windowStart)
            return window[from..<from + count]
        }
        window = try file.read(count: max(count, Self.readAhead), at: position)
        windowStart = position
        guard window.count >= count else { return nil }
        return window[0..<count]
    }

    /// Forgets read-ahead bytes: the tail may be rewritten after a writer's recovery.
    func invalidateWindow() {
        window = []
        windowStart = 0
    }

    /// Whether the unverifiable batch at `position` is damage: a verifiable batch follows it and
    /// it still does not verify. A writer appends batch after batch in file order, so once a later
    /// batch verifies, a batch that was only being written is whole; reading it again tells a batch
    /// caught mid-write from a damaged one. Returns the later batch when it is damage.
    func damage(at position: Int64) throws -> (position: Int64, header: BatchHeader)? {
        guard let later = try firstVerifiableBatch(from: position + 1) else { return nil }
        invalidateWindow()
        if case .batch = try batch(at: position, decode: false) { return nil }
        return later
    }

    /// The position of the first verifiable batch at or after `position`, if any: tells damage in
    /// the middle of a segment from a torn tail.
    func firstVerifiableBatch(from position: Int64) throws -> (position: Int64, header: BatchHeader)? {
        let size = try file.size()
        var chunkStart = position
        // The skippable-frame magic, then (after the 4-byte size) "AVOB".
        let magic: [UInt8] = [0x51, 0x2A, 0x4D, 0x18]
        let batchMagic: [UInt8] = Array("AVOB".utf8)
        while chunkStart < size {
            let chunk = try file.read(count: 4 << 20, at: chunkStart)
            if chunk.count < 12 { break }
            var index = 0
            while index + 12 <= chunk.count {
                if chunk[index] == magic[0] && chunk[index..<index + 4].elementsEqual(magic)
                    && chunk[index + 8..<index + 12].elementsEqual(batchMagic)
                {
                    let candidate = chunkStart + Int64(index)
                    if case .batch(let header, _, _) = try batch(at: candidate, decode: false) {
                        return (candidate, header)
                    }
                }
                index += 1
            }
            chunkStart += Int64(chunk.count - 11)
        }
        return nil
    }
}
