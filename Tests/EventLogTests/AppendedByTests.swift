import EventLogTestSupport
import Foundation
import Testing

@testable import EventLog

/// A batch may name who appended it, once in its header: every record of it reads back with
/// that name, at no cost per record, under the batch's checksum; logs written before names read
/// back with none.
@Suite("Log: who appended each batch")
struct AppendedByTests {
    @Test("records read back with the name their batch was appended under, or none")
    func namesReadBack() async throws {
        try await withTemporaryDirectory { directory in
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            try writer.append(
                contentsOf: [Array("a".utf8), Array("b".utf8)],
                inOneBatch: true,
                appendedBy: "acme-ingest"
            )
            try writer.append(contentsOf: [Array("c".utf8)])
            try writer.append(contentsOf: [Array("d".utf8)], appendedBy: "cli")
            let range = try writer.append(runs: [
                (records: [Array("e".utf8)], appendedBy: "globex-ingest"),
                (records: [], appendedBy: "nobody"),
                (records: [Array("f".utf8), Array("g".utf8)], appendedBy: "avosync"),
            ])
            #expect(range == 4..<7)
            try writer.close()
            let cursor = try LogCursor(directory: directory, from: .offset(0))
            var records: [(String, String?)] = []
            while let record = try cursor.next() {
                records.append((String(decoding: record.bytes, as: UTF8.self), cursor.appendedBy))
            }
            #expect(records.map(\.0) == ["a", "b", "c", "d", "e", "f", "g"])
            #expect(
                records.map(\.1) == ["acme-ingest", "acme-ingest", nil, "cli", "globex-ingest", "avosync", "avosync"]
            )
            let batches = try LogCursor(directory: directory, from: .offset(0))
            #expect(try batches.nextBatch()?.appendedBy == "acme-ingest")
            #expect(try LogVerifier.verify(directory: directory).isIntact)
        }
    }

    @Test("a log of format version 1 written before names reads back with none")
    func oldLogsHaveNoNames() throws {
        let cursor = try LogCursor(directory: FormatStabilityTests.fixture, from: .offset(0))
        var count = 0
        while try cursor.next() != nil {
            count += 1
            #expect(cursor.appendedBy == nil)
        }
        #expect(count == 40)
    }

    @Test("stock lz4 -dc still prints the records of named batches and nothing else")
    func stockToolSkipsTheName() async throws {
        try await withTemporaryDirectory { directory in
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            try writer.append(contentsOf: [Array("one,".utf8), Array("two".utf8)], appendedBy: "a-token-name")
            try writer.close()
            let run = try ChildProcess.run("/usr/bin/lz4", ["-dc", try segmentPaths(directory)[0]])
            #expect(run.status == 0)
            #expect(String(decoding: run.output, as: UTF8.self) == "one,two")
        }
    }

    @Test(
        "a changed byte of the name is damage that verify reports; a batch with an unknown flag is refused, not misread"
    )
    func theNameIsUnderTheChecksum() async throws {
        try await withTemporaryDirectory { directory in
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            try writer.append(contentsOf: [Array("first".utf8)], appendedBy: "acme-ingest")
            try writer.append(contentsOf: [Array("second".utf8)], appendedBy: "acme-ingest")
            try writer.close()
            let segment = try segmentPaths(directory)[0]
            let original = try readFile(segment)
            let first = SegmentHeader.size
            let name = try #require(original.indices.first { original[$0...].starts(with: Array("acme-ingest".utf8)) })

            var renamed = original
            renamed[name] = UInt8(ascii: "x")
            try writeFile(segment, renamed)
            let report = try LogVerifier.verify(directory: directory)
            #expect(report.damages.map(\.position) == [Int64(first)])

            // A flag this build does not know, under a checksum that matches: refused by name.
            var flagged = original
            flagged[first + 14] |= 0x80
            let contentSize = Int(original[first + 4]) | Int(original[first + 5]) << 8
            let frameSize = original[(first + 52)..<(first + 56)].enumerated().reduce(0) {
                $0 | Int($1.element) << (8 * $1.offset)
            }
            let end = first + 8 + contentSize + frameSize
            let checksum = flagged[first..<end].withUnsafeBytes { BatchHeader.checksum(ofBatch: $0) }
            for index in 0..<4 { flagged[first + 16 + index] = UInt8(truncatingIfNeeded: checksum >> (8 * index)) }
            try writeFile(segment, flagged)
            let error = #expect(throws: LogError.self) { try readAll(directory) }
            #expect(error?.message.contains("flags") == true, "\(String(describing: error))")
        }
    }

    @Test("a name longer than 255 bytes, or empty, is refused and nothing is appended")
    func namesAreBounded() async throws {
        try await withTemporaryDirectory { directory in
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            for name in [String(repeating: "n", count: 256), ""] {
                let error = #expect(throws: LogError.self) {
                    try writer.append(contentsOf: [Array("x".utf8)], appendedBy: name)
                }
                #expect(error?.code == .invalidArgument)
            }
            #expect(writer.nextOffset == 0)
            try writer.append(contentsOf: [Array("x".utf8)], appendedBy: String(repeating: "n", count: 255))
            try writer.close()
            let cursor = try LogCursor(directory: directory, from: .offset(0))
            #expect(try cursor.nextBatch()?.appendedBy?.count == 255)
        }
    }
}
