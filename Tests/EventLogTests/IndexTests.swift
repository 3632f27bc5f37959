import ByteCoding
import EventLogTestSupport
import Testing

@testable import EventLog

@Suite("Sparse index")
struct IndexTests {
    enum IndexDamage: String, CaseIterable, Sendable {
        case deleted, flippedByte, truncated, stale, emptied
    }

    /// The first record found for a spread of offsets and times: what any index must answer.
    static func answers(_ directory: String, times: [Int64]) throws -> [LogRecord?] {
        var answers: [LogRecord?] = []
        for offset in stride(from: UInt64(0), to: 420, by: 7) {
            answers.append(try LogCursor(directory: directory, from: .offset(offset)).next())
        }
        for time in times {
            answers.append(try LogCursor(directory: directory, from: .time(time)).next())
        }
        return answers
    }

    static func build(_ directory: String) throws -> [Int64] {
        var generator = SplitMix64(seed: 11)
        let batches = (0..<80).map { _ in (0..<5).map { _ in randomRecord(length: 300, using: &generator) } }
        try buildLog(directory, batches: batches, configuration: testConfiguration(segmentSize: 40_000))
        return Array(Set(try readAll(directory).map(\.timestamp))).sorted().enumerated().filter { $0.offset % 3 == 0 }
            .map(\.element)
    }

    @Test("an index that is damaged in any way is rebuilt and gives the same answers", arguments: IndexDamage.allCases)
    func damagedIndexIsRebuilt(damage: IndexDamage) async throws {
        try await withTemporaryDirectory { directory in
            let times = try Self.build(directory)
            let segments = try segmentPaths(directory)
            #expect(segments.count >= 3)
            let indexes = segments.map { $0.replacingSuffix(".log", with: ".idx") }
            let expected = try Self.answers(directory, times: times)
            let sizes = try indexes.map { try readFile($0).count }
            #expect(sizes.allSatisfy { $0 > 52 + 24 }, "several entries per index")

            for index in indexes {
                var bytes = try readFile(index)
                switch damage {
                case .deleted: try POSIXFileSystem().removeFile(index)
                case .flippedByte:
                    bytes[bytes.count / 2] ^= 0xFF
                    try writeFile(index, bytes)
                case .truncated: try writeFile(index, Array(bytes[..<(bytes.count / 2)]))
                case .stale:
                    // An index describing more bytes than the segment has (the segment was cut).
                    bytes.storeLittleEndian(Int64(1 << 40), at: 24)
                    bytes.removeLast(4)
                    bytes.appendLittleEndian(CRC32C.checksum(bytes))
                    try writeFile(index, bytes)
                case .emptied: try writeFile(index, [])
                }
            }
            #expect(try Self.answers(directory, times: times) == expected, "readers rebuild in memory")

            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            #expect(
                writer.recovery.rebuiltIndexes.count == indexes.count - 1,
                "the writer rewrites the sealed segments' indexes"
            )
            try writer.close()
            #expect(try indexes.map { try readFile($0).count } == sizes, "rebuilt indexes equal the originals")
            #expect(try Self.answers(directory, times: times) == expected)
        }
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
