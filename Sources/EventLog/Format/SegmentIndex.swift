import ByteCoding

/// The sparse index of one segment: every few KiB of segment, the position of a batch, its first
/// offset and its earliest time. Derived data: a missing, stale or damaged index is rebuilt from
/// the segment, never trusted.
///
/// File `<base>.idx`, little-endian:
///
/// | bytes | field |
/// | --- | --- |
/// | 0..<8 | ASCII `AVOLOGIX` |
/// | 8..<10 | version, 1 |
/// | 10..<12 | zero |
/// | 12..<16 | entry count E |
/// | 16..<24 | segment base offset |
/// | 24..<32 | covered bytes: the segment length the index describes |
/// | 32..<40 | next offset: the first offset after the covered bytes |
/// | 40..<48 | latest record time in the covered bytes |
/// | 48..<48+24E | entries: first offset (u64), position (i64), earliest time (i64) |
/// | then 4 | CRC-32C of everything before it |
struct SegmentIndex: Equatable {
    struct Entry: Equatable {
        var offset: UInt64
        var position: Int64
        var minTime: Int64
    }

    static let magic: [UInt8] = Array("AVOLOGIX".utf8)
    static let version: UInt16 = 1
    /// Bytes of segment between two entries, at least.
    static let interval: Int64 = 4096

    let baseOffset: UInt64
    private(set) var entries: [Entry] = []
    /// The segment bytes described (header included).
    private(set) var coveredBytes: Int64 = Int64(SegmentHeader.size)
    private(set) var nextOffset: UInt64
    private(set) var maxTime: Int64 = .min

    init(baseOffset: UInt64) {
        self.baseOffset = baseOffset
        nextOffset = baseOffset
    }

    /// Records a verified batch that starts at `position`, right after the covered bytes.
    mutating func note(_ header: BatchHeader, at position: Int64) {
        if entries.isEmpty || position - entries[entries.count - 1].position >= Self.interval {
            entries.append(Entry(offset: header.firstOffset, position: position, minTime: header.minTime))
        }
        coveredBytes = position + Int64(header.totalSize)
        nextOffset = header.offsets.upperBound
        maxTime = max(maxTime, header.maxTime)
    }

    /// The index's extent at one moment, to roll back to when an append fails.
    struct Mark {
        fileprivate var entryCount: Int
        fileprivate var coveredBytes: Int64
        fileprivate var nextOffset: UInt64
        fileprivate var maxTime: Int64
    }

    var mark: Mark {
        Mark(entryCount: entries.count, coveredBytes: coveredBytes, nextOffset: nextOffset, maxTime: maxTime)
    }

    /// Forgets every batch noted after `mark` was taken.
    mutating func rollBack(to mark: Mark) {
        entries.removeLast(entries.count - mark.entryCount)
        coveredBytes = mark.coveredBytes
        nextOffset = mark.nextOffset
        maxTime = mark.maxTime
    }

    /// Where to start scanning for `offset`: the last indexed batch at or before it.
    func startPosition(forOffset offset: UInt64) -> Int64 {
        guard let found = lastEntry(where: { $0.offset <= offset }) else { return Int64(SegmentHeader.size) }
        return found.position
    }

    /// Where to start scanning for the first record at or after `time`: every batch before the
    /// returned position holds only earlier records (append times never go backwards).
    func startPosition(forTime time: Int64) -> Int64 {
        guard let found = lastEntry(where: { $0.minTime < time }) else { return Int64(SegmentHeader.size) }
        return found.position
    }

    /// Entries are sorted by offset, position and time alike, so one binary search serves all.
    private func lastEntry(where isBefore: (Entry) -> Bool) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(entries[middle]) { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : entries[low - 1]
    }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(52 + entries.count * 24)
        bytes.append(contentsOf: Self.magic)
        bytes.appendLittleEndian(Self.version)
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt32(entries.count))
        bytes.appendLittleEndian(baseOffset)
        bytes.appendLittleEndian(coveredBytes)
        bytes.appendLittleEndian(nextOffset)
        bytes.appendLittleEndian(maxTime)
        for entry in entries {
            bytes.appendLittleEndian(entry.offset)
            bytes.appendLittleEndian(entry.position)
            bytes.appendLittleEndian(entry.minTime)
        }
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// Decodes an index file; nil when it is damaged, of another version, for another segment, or
    /// describes more bytes than the segment has (`segmentSize`).
    static func decode(_ bytes: [UInt8], baseOffset: UInt64, segmentSize: Int64) -> SegmentIndex? {
        guard bytes.count >= 52 else { return nil }
        return bytes.withUnsafeBytes { raw -> SegmentIndex? in
            let stored = raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self)
            guard
                UInt32(littleEndian: stored)
                    == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 4)]))
            else { return nil }
            var reader = ByteReader(raw)
            guard Array(reader.readBytes(8)!) == magic, reader.read(UInt16.self) == version else { return nil }
            _ = reader.read(UInt16.self)
            let count = Int(reader.read(UInt32.self)!)
            guard reader.read(UInt64.self) == baseOffset, raw.count == 52 + count * 24 else { return nil }
            var index = SegmentIndex(baseOffset: baseOffset)
            index.coveredBytes = reader.read()!
            index.nextOffset = reader.read()!
            index.maxTime = reader.read()!
            guard index.coveredBytes <= segmentSize, index.coveredBytes >= Int64(SegmentHeader.size) else { return nil }
            var previous: Entry?
            for _ in 0..<count {
                let entry = Entry(offset: reader.read()!, position: reader.read()!, minTime: reader.read()!)
                if let previous,
                    entry.offset <= previous.offset || entry.position <= previous.position
                        || entry.minTime < previous.minTime
                {
                    return nil
                }
                guard entry.position >= Int64(SegmentHeader.size), entry.position < index.coveredBytes,
                    entry.offset >= baseOffset, entry.offset < index.nextOffset
                else { return nil }
                previous = entry
                index.entries.append(entry)
            }
            return index
        }
    }
}
