import EventLogTestSupport
import Foundation
import Testing

@testable import EventLog

@Suite("Format stability")
struct FormatStabilityTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/logs/format-v1").path

    @Test("a log written by format version 1 reads back record for record, forever")
    func versionOneLogStaysReadable() throws {
        let records = try readAll(Self.fixture)
        #expect(records.map(\.offset) == Array(0..<40))
        #expect(records.map { Array($0.bytes) } == (0..<40).map { TestRecords.record(run: 77, index: UInt64($0)) })
        #expect(records.map(\.timestamp) == records.map(\.timestamp).sorted())
        let report = try LogVerifier.verify(directory: Self.fixture)
        #expect(report.isIntact && report.segments == 4 && report.batches == 6)
    }

    @Test("stock lz4 -dc prints a version 1 segment's records and nothing else")
    func stockToolReadsVersionOne() throws {
        let run = try ChildProcess.run("/usr/bin/lz4", ["-dc", Self.fixture + "/00000000000000000007.log"])
        #expect(run.status == 0)
        #expect(run.output == (7..<21).flatMap { TestRecords.record(run: 77, index: UInt64($0)) })
    }
}
