import EventLogTestSupport
import Foundation
import Synchronization
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
            #expect(await writer.waitForExit() == 0, "\(writer.errorOutput)")
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

    @Test(
        "a reader that meets a batch mid-write, and finds the next batch written by the time it looks further, reads on instead of reporting damage"
    )
    func batchCompletedWhileLookingFurtherIsNotDamage() async throws {
        try await withTemporaryDirectory { directory in
            let placed = try buildLog(
                directory,
                batches: [[TestRecords.record(run: 4, index: 0)], [TestRecords.record(run: 4, index: 1)]]
            )
            // The file shows only part of the second batch until the reader reads there: then the
            // writer finishes it and writes a third batch, as a live writer would meanwhile.
            let racing = RacingWriterFileSystem(visibleUntil: placed[1].position + 20, until: placed[1].position)
            let cursor = try LogCursor(directory: directory, from: .offset(0), fileSystem: racing)
            #expect(try cursor.next()?.offset == 0)
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            try writer.append(TestRecords.record(run: 4, index: 2))
            try writer.close()
            var offsets: [UInt64] = []
            for _ in 0..<4 {
                while let record = try cursor.next() { offsets.append(record.offset) }
            }
            #expect(offsets == [1, 2])
        }
    }
}

/// Files that end at `visibleUntil` for every read until one starts at `until` or later; that
/// read still sees the cut file, and from then on the whole file shows: a writer finishing its
/// batch (and writing more) just after a reader looked at it.
final class RacingWriterFileSystem: LogFileSystem {
    private let real = POSIXFileSystem()
    private let limit: Mutex<Int64?>
    private let liftFrom: Int64

    init(visibleUntil: Int64, until liftFrom: Int64) {
        limit = Mutex(visibleUntil)
        self.liftFrom = liftFrom
    }

    /// The visible end for a read of `start..<end`, while the file still looks cut there.
    fileprivate func visibleEnd(forRead start: Int64, upTo end: Int64) -> Int64? {
        limit.withLock { limit in
            guard let visible = limit, end > visible else { return nil }
            if start >= liftFrom { limit = nil }
            return visible
        }
    }

    func openForReading(_ path: String) throws -> any LogFile {
        RacingFile(inner: try real.openForReading(path), system: self)
    }
    func openForWriting(_ path: String, create: Bool) throws -> any LogFile {
        try real.openForWriting(path, create: create)
    }
    func contentsOfDirectory(_ path: String) throws -> [String]? { try real.contentsOfDirectory(path) }
    func createDirectory(_ path: String) throws { try real.createDirectory(path) }
    func rename(_ source: String, to destination: String) throws { try real.rename(source, to: destination) }
    func removeFile(_ path: String) throws { try real.removeFile(path) }
    func syncDirectory(_ path: String) throws { try real.syncDirectory(path) }
    func fileExists(_ path: String) -> Bool { real.fileExists(path) }
}

private final class RacingFile: LogFile {
    let inner: any LogFile
    let system: RacingWriterFileSystem

    init(inner: any LogFile, system: RacingWriterFileSystem) {
        self.inner = inner
        self.system = system
    }

    var path: String { inner.path }

    func read(count: Int, at position: Int64) throws -> [UInt8] {
        guard !path.hasSuffix(".idx"), let end = system.visibleEnd(forRead: position, upTo: position + Int64(count))
        else {
            return try inner.read(count: count, at: position)
        }
        return try inner.read(count: Int(max(0, end - position)), at: position)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at position: Int64) throws -> Int {
        guard !path.hasSuffix(".idx"),
            let end = system.visibleEnd(forRead: position, upTo: position + Int64(buffer.count))
        else {
            return try inner.read(into: buffer, at: position)
        }
        let visible = Int(max(0, end - position))
        return try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<visible]), at: position)
    }

    func write(_ bytes: UnsafeRawBufferPointer, at position: Int64) throws { try inner.write(bytes, at: position) }
    func sync() throws { try inner.sync() }
    func truncate(to size: Int64) throws { try inner.truncate(to: size) }
    func size() throws -> Int64 { try inner.size() }
}
