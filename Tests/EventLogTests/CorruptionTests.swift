import EventLogTestSupport
import Testing

@testable import EventLog

/// The regions of a batch, by byte range relative to the batch's start.
enum BatchRegion: String, CaseIterable, Sendable {
    case skippableMagic, headerSize, batchMagic, version, codec, flags, checksum, firstOffset, recordCount
    case earliestTime, latestTime, payloadSize, frameSize, recordTable, lz4FrameHeader, lz4Blocks, lz4EndMark

    func range(contentSize: Int, total: Int) -> Range<Int> {
        let frameStart = 8 + contentSize
        switch self {
        case .skippableMagic: return 0..<4
        case .headerSize: return 4..<8
        case .batchMagic: return 8..<12
        case .version: return 12..<13
        case .codec: return 13..<14
        case .flags: return 14..<16
        case .checksum: return 16..<20
        case .firstOffset: return 20..<28
        case .recordCount: return 28..<32
        case .earliestTime: return 32..<40
        case .latestTime: return 40..<48
        case .payloadSize: return 48..<52
        case .frameSize: return 52..<56
        case .recordTable: return 56..<frameStart
        case .lz4FrameHeader: return frameStart..<frameStart + 15  // magic, FLG, BD, content size, HC
        case .lz4Blocks: return frameStart + 15..<total - 4
        case .lz4EndMark: return total - 4..<total
        }
    }
}

@Suite("Damage detection")
struct CorruptionTests {
    /// A batch of a three-batch log: where it is and how big its header content is.
    struct PlacedBatch {
        var start: Int
        var total: Int
        var contentSize: Int
    }

    /// Builds three batches of five records and returns the segment with its middle and last batch.
    static func build(_ directory: String) throws -> (segment: String, middle: PlacedBatch, last: PlacedBatch) {
        let batches = (0..<3).map { call in
            (0..<5).map { Array("{\"call\":\(call),\"record\":\($0),\"text\":\"hello hello\"}".utf8) }
        }
        let placed = try buildLog(directory, batches: batches)
        let segment = try segmentPaths(directory)[0]
        let bytes = try readFile(segment)
        func describe(_ index: Int) -> PlacedBatch {
            let start = Int(placed[index].position)
            let end = index + 1 < placed.count ? Int(placed[index + 1].position) : bytes.count
            return PlacedBatch(
                start: start,
                total: end - start,
                contentSize: Int(bytes[start + 4]) | Int(bytes[start + 5]) << 8
            )
        }
        return (segment, describe(1), describe(2))
    }

    /// Writes the segment with one byte of `region` of `batch` flipped, for each byte in turn, then
    /// calls `check`; restores the segment afterwards.
    static func forEachFlippedByte(
        of region: BatchRegion,
        in batch: PlacedBatch,
        segment: String,
        mask: UInt8,
        check: (Int) throws -> Void
    ) throws {
        let original = try readFile(segment)
        defer { try? writeFile(segment, original) }
        for byte in region.range(contentSize: batch.contentSize, total: batch.total) {
            var damaged = original
            damaged[batch.start + byte] ^= mask
            try writeFile(segment, damaged)
            try check(byte)
        }
    }

    @Test(
        "a flipped byte in any region of a batch before the tail is reported by verify and stops readers",
        arguments: BatchRegion.allCases
    )
    func flippedByteBeforeTheTail(region: BatchRegion) async throws {
        try await withTemporaryDirectory { directory in
            let (segment, middle, _) = try Self.build(directory)
            let start = middle.start
            try Self.forEachFlippedByte(of: region, in: middle, segment: segment, mask: 0x5A) { byte in
                let report = try LogVerifier.verify(directory: directory)
                #expect(report.damages.count == 1, "\(region) byte \(byte)")
                #expect(report.damages.first?.position == Int64(start))
                #expect(report.damages.first?.fromOffset == 5)
                #expect(report.damages.first?.toOffset == 10)

                let error = #expect(throws: LogError.self) { try readAll(directory) }
                #expect(error?.code == .damaged)
                #expect(error?.path == segment && error?.position == Int64(start))

                let refused = #expect(throws: LogError.self) { try LogWriter(directory: directory) }
                #expect(refused?.code == .damaged, "a writer must not cut acknowledged records")
            }
        }
    }

    @Test(
        "a flipped byte in any region of the last batch is reported, and a writer cuts that batch off",
        arguments: BatchRegion.allCases
    )
    func flippedByteInTheLastBatch(region: BatchRegion) async throws {
        try await withTemporaryDirectory { directory in
            let (segment, _, last) = try Self.build(directory)
            let start = last.start
            try Self.forEachFlippedByte(of: region, in: last, segment: segment, mask: 0x01) { byte in
                let report = try LogVerifier.verify(directory: directory)
                #expect(report.damages.map(\.position) == [Int64(start)], "\(region) byte \(byte)")
                #expect(try readAll(directory).count == 10, "readers stop before an unverifiable tail")

                let writer = try LogWriter(directory: directory, configuration: testConfiguration())
                #expect(writer.recovery.truncation?.position == Int64(start))
                #expect(writer.recovery.truncation?.fromOffset == 10)
                try writer.close()
            }
        }
    }

    @Test("a missing segment in the middle of the log is damage, never a silent gap")
    func missingSegmentIsDamage() async throws {
        try await withTemporaryDirectory { directory in
            var generator = SplitMix64(seed: 6)
            let batches = (0..<6).map { _ in [randomRecord(length: 400, using: &generator)] }
            try buildLog(directory, batches: batches, configuration: testConfiguration(segmentSize: 300))
            let segments = try segmentPaths(directory)
            try POSIXFileSystem().removeFile(segments[2])
            let report = try LogVerifier.verify(directory: directory)
            #expect(report.damages.contains { $0.fromOffset == 2 && $0.toOffset == 3 })
            let error = #expect(throws: LogError.self) { try readAll(directory) }
            #expect(error?.code == .damaged)
        }
    }
}
