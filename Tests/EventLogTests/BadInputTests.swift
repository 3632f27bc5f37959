import ByteCoding
import EventLogTestSupport
import Foundation
import Testing

@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

@Suite("Bad input and failing disks")
struct BadInputTests {
    @Test("a directory holding other files is not taken for a log, by writers or readers")
    func directoryThatIsNotALog() async throws {
        try await withTemporaryDirectory { directory in
            try writeFile(directory + "/notes.txt", Array("hello".utf8))
            let writerError = #expect(throws: LogError.self) { try LogWriter(directory: directory) }
            #expect(writerError?.code == .notALog)
            #expect(writerError?.description.contains("notes.txt") == true)
            #expect((try? readFile(directory + "/notes.txt")) == Array("hello".utf8), "nothing was touched")
            #expect(throws: LogError.self) { try LogCursor(directory: directory) }
            #expect(throws: LogError.self) { try LogVerifier.verify(directory: directory) }
            let missing = #expect(throws: LogError.self) { try LogCursor(directory: directory + "/absent") }
            #expect(missing?.code == .notALog)
        }
    }

    @Test("a segment of another format is refused with the file named")
    func segmentOfAnotherFormat() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/" + SegmentFileName.segment(base: 0)
            try writeFile(path, Array("SQLite format 3\0 and then some more bytes to pass forty".utf8))
            let error = #expect(throws: LogError.self) { try LogWriter(directory: directory) }
            #expect(error?.code == .unsupportedFormat)
            #expect(error?.path == path)
            let report = try LogVerifier.verify(directory: directory)
            #expect(!report.isIntact)
        }
    }

    @Test("a segment of a future format version is refused, naming the version")
    func segmentOfAnotherVersion() async throws {
        try await withTemporaryDirectory { directory in
            try buildLog(directory, batches: [[Array("one".utf8)]])
            let path = try segmentPaths(directory)[0]
            var bytes = try readFile(path)
            bytes.storeLittleEndian(UInt16(2), at: 16)
            try writeFile(path, bytes)
            let error = #expect(throws: LogError.self) { try LogCursor(directory: directory) }
            #expect(error?.code == .unsupportedFormat)
            #expect(error?.message.contains("version 2") == true)
        }
    }

    @Test("a full disk (ENOSPC) fails the append with a clear error, cuts the partial batch and keeps the log writable")
    func fullDiskInjected() async throws {
        try await withTemporaryDirectory { directory in
            let (writer, fileSystem) = try faultyWriter(directory, testConfiguration(durability: .fsync))
            try writer.append(contentsOf: [Array("first".utf8), Array("second".utf8)])
            fileSystem.failWrite(after: 0, errno: ENOSPC, partialBytes: 30)
            let error = #expect(throws: LogError.self) { try writer.append(Array("lost to a full disk".utf8)) }
            #expect(error?.systemError == ENOSPC)
            #expect(error?.path?.hasSuffix(".log") == true)
            #expect(try LogVerifier.verify(directory: directory).isIntact, "the partial write was cut back")
            #expect(try writer.append(Array("third".utf8)) == 2, "the failed append used no offset")
            try writer.close()
            #expect(
                try readAll(directory).map { String(decoding: $0.bytes, as: UTF8.self) } == [
                    "first", "second", "third",
                ]
            )
        }
    }

    /// The writes of a roll: the sealed segment's index (0), the new segment's header (1), then the
    /// first batch in the new segment (2).
    @Test("a full disk at any write of a segment roll loses nothing and leaves no half segment", arguments: [1, 2])
    func fullDiskWhileRolling(failingWrite: Int) async throws {
        try await withTemporaryDirectory { directory in
            let (writer, fileSystem) = try faultyWriter(directory, testConfiguration(segmentSize: 200))
            try writer.append(Array(String(repeating: "a", count: 150).utf8))
            fileSystem.failWrite(after: failingWrite, errno: ENOSPC)
            #expect(throws: LogError.self) { try writer.append(Array(String(repeating: "b", count: 150).utf8)) }
            #expect(try segmentPaths(directory).count == 1, "the half-made segment is gone")
            #expect(try writer.append(Array("c".utf8)) == 1)
            try writer.close()
            #expect(try readAll(directory).map(\.bytes.count) == [150, 1])
            #expect(try LogVerifier.verify(directory: directory).isIntact)
        }
    }

    @Test("a failed fsync stops the writer; reopening recovers what is on disk")
    func failedFsyncStopsTheWriter() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            do {
                let writer = try faultyWriter(directory, testConfiguration(durability: .fsync), fileSystem: fileSystem)
                    .writer
                try writer.append(Array("durable".utf8))
                fileSystem.failNextSync(errno: EIO)
                let error = #expect(throws: LogError.self) { try writer.append(Array("unknown fate".utf8)) }
                #expect(error?.systemError == EIO)
                let stopped = #expect(throws: LogError.self) { try writer.append(Array("refused".utf8)) }
                #expect(stopped?.code == .unavailable)
            }
            let reopened = try LogWriter(directory: directory, configuration: testConfiguration())
            try reopened.close()
            let texts = try readAll(directory).map { String(decoding: $0.bytes, as: UTF8.self) }
            #expect(texts.first == "durable")
            #expect(!texts.contains("refused"))
        }
    }

    @Test("a real full disk (a 1 MiB tmpfs) fails appends cleanly and keeps every acknowledged record")
    func fullDiskReal() async throws {
        try await withTemporaryDirectory { mountPoint in
            let mount = try await ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint])
            try #require(mount.status == 0, "mounting a tmpfs needs root: \(mount.errors)")
            defer { _ = try? ChildProcess.run("/bin/umount", [mountPoint]) }
            let directory = mountPoint + "/log"
            let writer = try LogWriter(
                directory: directory,
                configuration: testConfiguration(segmentSize: 256 << 10, durability: .fsync)
            )
            var generator = SplitMix64(seed: 5)
            var acknowledged: [[UInt8]] = []
            var failure: LogError?
            for _ in 0..<200 {
                let batch = (0..<20).map { _ in randomRecord(length: 2_000, using: &generator) }
                do {
                    try writer.append(contentsOf: batch)
                    acknowledged += batch
                } catch let error as LogError {
                    failure = error
                    break
                }
            }
            let error = try #require(failure, "the disk never filled")
            #expect(error.systemError == ENOSPC, "\(error)")
            try? writer.close()
            #expect(try readAll(directory).map { Array($0.bytes) } == acknowledged)
            #expect(try LogVerifier.verify(directory: directory).isIntact)
        }
    }
}
