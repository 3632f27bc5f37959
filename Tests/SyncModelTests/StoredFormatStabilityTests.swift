import Foundation
import Testing

@testable import SyncModel

/// Records written by stored format version 1 must decode to the same audit JSON forever, and
/// encoding the same events and outcomes must give the same bytes.
@Suite("Stored format stability")
struct StoredFormatStabilityTests {
    static let directory =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/Fixtures/stored/"

    static func lines(_ name: String) throws -> [Substring] {
        try String(contentsOfFile: directory + name, encoding: .utf8).split(separator: "\n")
    }

    static func bytes(hex: Substring) -> [UInt8] {
        stride(from: 0, to: hex.utf8.count, by: 2).compactMap { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
        }
    }

    @Test("every version 1 record decodes to its recorded audit JSON and re-encodes to the same bytes")
    func versionOneRecordsStayReadable() throws {
        let records = try Self.lines("format-v1.hex").map(Self.bytes)
        let expected = try Self.lines("format-v1.expected.jsonl")
        #expect(records.count == 21)
        #expect(records.count == expected.count)
        for (index, (bytes, json)) in zip(records, expected).enumerated() {
            switch try StoredEncoding.decode(bytes) {
            case .event(let event):
                #expect(event.jsonObject.jsonText == json, "record \(index)")
                #expect(StoredEncoding.encode(event) == bytes, "record \(index)")
            case .outcome(let outcome):
                #expect(outcome.jsonObject.jsonText == json, "record \(index)")
                #expect(StoredEncoding.encode(outcome) == bytes, "record \(index)")
            case .unknown:
                Issue.record("record \(index) of format 1 decodes as unknown")
            }
        }
    }

    @Test("ingesting the fixture's JSON lines gives exactly the recorded bytes")
    func ingestGivesTheSameBytes() throws {
        let events = try Self.lines("format-v1-events.jsonl")
        let records = try Self.lines("format-v1.hex").prefix(events.count).map(Self.bytes)
        let parser = EventParser(makeID: { "unused" })
        for (index, line) in events.enumerated() {
            let event = try parser.parse(line: Array(line.utf8), number: index + 1) { _ in .unitedStates }.get()
            #expect(StoredEncoding.encode(event) == records[index], "line \(index + 1)")
        }
    }
}
