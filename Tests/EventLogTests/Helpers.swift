import EventLogTestSupport
import Synchronization
import Testing

@testable import EventLog

/// A configuration with a clock that advances 1 ms per call, so that each append has its own time.
func testConfiguration(segmentSize: Int64 = 64 << 20, durability: LogConfiguration.Durability = .os) -> LogConfiguration
{
    var configuration = LogConfiguration()
    configuration.segmentSize = segmentSize
    configuration.durability = durability
    let ticks = Counter()
    configuration.clock = { 1_800_000_000_000_000 + ticks.increment() * 1_000 }
    return configuration
}

/// A thread-safe counter for injected clocks.
final class Counter: Sendable {
    private let value = Mutex<Int64>(0)
    func increment() -> Int64 {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}

/// Every record from `start` to the current end of the log.
func readAll(_ directory: String, from start: LogCursor.Start = .offset(0)) throws -> [LogRecord] {
    let cursor = try LogCursor(directory: directory, from: start)
    var records: [LogRecord] = []
    while let record = try cursor.next() { records.append(record) }
    return records
}

/// Random record bytes of exactly `length` bytes.
func randomRecord(length: Int, using generator: inout SplitMix64) -> [UInt8] {
    (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next() % 26 + 97) }
}

/// The segment files of a log, in offset order.
func segmentPaths(_ directory: String) throws -> [String] {
    try SegmentFiles(directory: directory, fileSystem: POSIXFileSystem()).segmentBases().map {
        directory + "/" + SegmentFileName.segment(base: $0)
    }
}

/// Raw file access for damaging logs on purpose.
func readFile(_ path: String) throws -> [UInt8] {
    let file = try POSIXFileSystem().openForReading(path)
    return try file.read(count: Int(try file.size()), at: 0)
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    let file = try POSIXFileSystem().openForWriting(path, create: true)
    try file.truncate(to: 0)
    try file.write(bytes, at: 0)
}

/// Appends `batches` (one append call each) to a new log and closes it; returns each batch's
/// byte position in the last segment and its offsets.
@discardableResult
func buildLog(
    _ directory: String,
    batches: [[[UInt8]]],
    configuration: LogConfiguration = testConfiguration()
) throws -> [(position: Int64, offsets: Range<UInt64>)] {
    let writer = try LogWriter(directory: directory, configuration: configuration)
    var placed: [(Int64, Range<UInt64>)] = []
    for batch in batches {
        let segment = try segmentPaths(directory).last!
        let position = try POSIXFileSystem().openForReading(segment).size()
        placed.append((position, try writer.append(contentsOf: batch)))
    }
    try writer.close()
    return placed
}

/// A writer whose file system can fail on request; pass `fileSystem` to keep using one across reopens.
func faultyWriter(
    _ directory: String,
    _ configuration: LogConfiguration,
    fileSystem: FaultInjectingFileSystem = FaultInjectingFileSystem()
) throws -> (writer: LogWriter, fileSystem: FaultInjectingFileSystem) {
    (try LogWriter(directory: directory, configuration: configuration, fileSystem: fileSystem), fileSystem)
}
