import EventLog
import EventLogTestSupport
import Foundation
import Testing

@testable import Projection
@testable import SyncModel

/// The loader reads chunks ahead on a thread of its own while the shards fold the chunk before:
/// the state is the same as folding one record at a time, and a failure anywhere stops the load
/// with that failure, the reader with it.
@Suite("Fold pipeline")
struct FoldPipelineTests {
    @Test("a log of many chunks, read ahead and folded on every shard, gives the state of folding one record at a time")
    func manyChunksEqualSequential() throws {
        let history = RandomHistory(seed: 17, events: 15_000, outcomes: 7_000)
        try withDataDirectory { layout in
            try history.write(to: layout)
            let result = try Self.foldFromZero(layout)
            #expect(result.foldedEvents == 15_000 && result.foldedOutcomes == 7_000)
            #expect(result.state == history.folded())
        }
    }

    @Test("a damaged batch several chunks into the events log stops the load with the log's own error")
    func damagedBatchStopsTheLoad() throws {
        let history = RandomHistory(seed: 18, events: 60_000, outcomes: 10)
        try withDataDirectory { layout in
            try history.write(to: layout)
            let segments = try FileManager.default.contentsOfDirectory(atPath: layout.events)
                .filter { $0.hasSuffix(".log") }.sorted()
            #expect(segments.count >= 3)
            // A byte in the middle of a segment many chunks in, with a segment after it.
            let path = layout.events + "/" + segments[segments.count - 2]
            var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[bytes.count / 2] ^= 0x5A
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect {
                _ = try Self.foldFromZero(layout)
            } throws: { error in
                (error as? LogError)?.code == .damaged && (error as? LogError)?.path == path
            }
        }
    }

    @Test("a record that does not decode, several chunks into the events log, stops the load naming its offset")
    func undecodableRecordStopsTheLoad() throws {
        try withDataDirectory { layout in
            var configuration = LogConfiguration()
            configuration.durability = .os
            let writer = try LogWriter(directory: layout.events, configuration: configuration)
            var random = SplitMix64(seed: 19)
            let events = (0..<15_000).map { StoredEncoding.encode(RandomHistory.event($0, &random)) }
            try writer.append(contentsOf: Array(events[..<14_000]))
            // A contact edit that ends right after its type code.
            try writer.append(contentsOf: [[StoredEncoding.formatVersion, 1]])
            try writer.append(contentsOf: Array(events[14_000...]))
            try writer.close()
            #expect {
                _ = try Self.foldFromZero(layout)
            } throws: { error in
                let error = error as? ProjectionError
                return error?.code == .undecodable && error?.log == "events" && error?.offset == 14_000
            }
        }
    }

    /// Loads `layout`'s logs from offset 0 in chunks of 1,000 records (so that a test log spans
    /// many), no snapshot read or written.
    private static func foldFromZero(_ layout: DataLayout) throws -> ProjectionLoader.Result {
        var loader = ProjectionLoader(layout: layout)
        loader.useSnapshots = false
        loader.snapshotInterval = 0
        loader.chunkRecords = 1_000
        return try loader.load()
    }
}
