import EventLogTestSupport
import Foundation
import Testing

@testable import EventLog

@Suite("Tailing")
struct TailTests {
    @Test("a tail in this process sees every record a writer process appends, across segment rolls")
    func tailFollowsAnotherProcess() async throws {
        try await withTemporaryDirectory { directory in
            let count = 300
            let tail = LogTail(directory: directory)
            let writer = try ChildProcess(
                "log-test-child",
                ["append", directory, "9", "\(count)", "1", "os", "1", "4096"]
            )
            var received: [LogRecord] = []
            let deadline = ContinuousClock.now + .seconds(60)
            for try await record in tail {
                received.append(record)
                if received.count == count || ContinuousClock.now > deadline { break }
            }
            #expect(writer.waitForExit() == 0, "\(writer.errorOutput)")
            #expect(received.map(\.offset) == Array(0..<UInt64(count)))
            #expect(
                received.map { Array($0.bytes) } == (0..<count).map { TestRecords.record(run: 9, index: UInt64($0)) }
            )
            #expect(try segmentPaths(directory).count > 5, "the writer rolled segments while we followed")
        }
    }

    @Test("a tail started at an offset begins there and waits for more")
    func tailFromOffset() async throws {
        try await withTemporaryDirectory { directory in
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            for index in 0..<10 { try writer.append(Array("r\(index)".utf8)) }
            let collected = Task {
                var records: [String] = []
                for try await record in LogTail(directory: directory, from: .offset(7)) {
                    records.append(String(decoding: record.bytes, as: UTF8.self))
                    if records.count == 6 { break }
                }
                return records
            }
            try await Task.sleep(for: .milliseconds(50))
            for index in 10..<13 { try writer.append(Array("r\(index)".utf8)) }
            #expect(try await collected.value == (7..<13).map { "r\($0)" })
            try writer.close()
        }
    }
}
