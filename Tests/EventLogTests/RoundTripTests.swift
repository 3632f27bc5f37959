import EventLogTestSupport
import Testing

@testable import EventLog

@Suite("Round trip")
struct RoundTripTests {
    /// Sizes from empty to 1 MiB, with the edges of varints, pages and LZ4 blocks.
    static let sizes = [0, 1, 2, 127, 128, 200, 4095, 4096, 4097, 16_383, 16_384, 65_536, 100_000, 262_144, 1 << 20]

    @Test("records of every size from 0 bytes to 1 MiB read back equal, across segment rolls")
    func everySizeAcrossSegmentRolls() async throws {
        try await withTemporaryDirectory { directory in
            var generator = SplitMix64(seed: 2)
            var written: [[UInt8]] = []
            var calls: [[[UInt8]]] = []
            for size in Self.sizes {
                calls.append([randomRecord(length: size, using: &generator)])
                calls.append((0..<5).map { _ in randomRecord(length: Int(generator.next() % 300), using: &generator) })
            }
            for call in calls { written += call }
            try buildLog(directory, batches: calls, configuration: testConfiguration(segmentSize: 150_000))

            #expect(try segmentPaths(directory).count > 5, "the log must span several segments")
            let read = try readAll(directory)
            #expect(read.map(\.offset) == Array(0..<UInt64(written.count)))
            #expect(read.map { Array($0.bytes) } == written)
            #expect(try LogVerifier.verify(directory: directory).isIntact)
        }
    }

    @Test("reading from any offset returns exactly the records from that offset on")
    func readFromAnyOffset() async throws {
        try await withTemporaryDirectory { directory in
            var generator = SplitMix64(seed: 3)
            let calls = (0..<60).map { call in
                (0..<(1 + call % 7)).map { _ in
                    randomRecord(length: 40 + Int(generator.next() % 250), using: &generator)
                }
            }
            try buildLog(directory, batches: calls, configuration: testConfiguration(segmentSize: 3_000))
            let written = calls.flatMap { $0 }
            for offset in 0...UInt64(written.count + 2) {
                let read = try readAll(directory, from: .offset(offset))
                let expected = offset < written.count ? Array(written[Int(offset)...]) : []
                #expect(read.map { Array($0.bytes) } == expected, "from offset \(offset)")
                #expect(read.first?.offset == (offset < written.count ? offset : nil))
            }
        }
    }

    @Test("reading from a time returns the records appended at or after it")
    func readFromAnyTime() async throws {
        try await withTemporaryDirectory { directory in
            var generator = SplitMix64(seed: 4)
            let calls = (0..<40).map { call in
                (0..<(1 + call % 4)).map { _ in
                    randomRecord(length: 100 + Int(generator.next() % 700), using: &generator)
                }
            }
            try buildLog(directory, batches: calls, configuration: testConfiguration(segmentSize: 6_000))
            let all = try readAll(directory)
            let times = Set(all.map(\.timestamp)).sorted()
            #expect(times.count == calls.count, "one time per append")
            for time in times + [times[0] - 1, times.last! + 1] + times.map({ $0 + 500 }) {
                let read = try readAll(directory, from: .time(time))
                #expect(read == all.filter { $0.timestamp >= time }, "from time \(time)")
            }
        }
    }

    @Test("append times never go backwards, even when the clock does")
    func timesAreMonotonic() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = LogConfiguration()
            let ticks = Counter()
            configuration.clock = { 2_000_000_000 - ticks.increment() * 1_000 }
            let writer = try LogWriter(directory: directory, configuration: configuration)
            for index in 0..<20 { try writer.append(Array("record \(index)".utf8)) }
            try writer.close()
            let times = try readAll(directory).map(\.timestamp)
            #expect(times == times.sorted())
        }
    }

    @Test("a segment is a stream of standard LZ4 frames: the records come out of stock lz4 -dc")
    func stockLZ4ReadsASegment() async throws {
        try await withTemporaryDirectory { directory in
            let records = (0..<500).map { Array("{\"type\":\"text.logged\",\"n\":\($0)}\n".utf8) }
            try buildLog(directory, batches: [Array(records[..<250]), Array(records[250...])])
            let child = try await ChildProcess.run("/usr/bin/lz4", ["-dc", try segmentPaths(directory)[0]])
            #expect(child.status == 0, "lz4 -dc failed: \(child.errors)")
            #expect(child.output == records.flatMap { $0 })
        }
    }
}
