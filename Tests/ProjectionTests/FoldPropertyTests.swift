import EventLogTestSupport
import Foundation
import Testing

@testable import Projection
@testable import SyncModel

/// Folding from zero equals folding from any snapshot plus the rest, and replay is deterministic.
@Suite("Fold properties")
struct FoldPropertyTests {
    static let seeds: [UInt64] = {
        let base = ProcessInfo.processInfo.environment["AVOSYNC_FOLD_SEED"].flatMap(UInt64.init) ?? 20_261_129
        return (0..<8).map { base &+ $0 }
    }()

    @Test("folding from zero equals folding from a snapshot at any pair of offsets plus the rest", arguments: seeds)
    func snapshotPlusRestEqualsFromZero(seed: UInt64) throws {
        let history = RandomHistory(seed: seed, events: 400, outcomes: 300)
        let full = history.folded()
        var random = SplitMix64(seed: seed)
        for _ in 0..<20 {
            let eventCut = Int(random.next() % 401)
            let outcomeCut = Int(random.next() % 301)
            let partial = history.folded(events: eventCut, outcomes: outcomeCut)
            let restored = try SnapshotCodec.decode(SnapshotCodec.encode(partial)).state
            #expect(
                restored == partial,
                "seed \(seed): snapshot at \(eventCut)/\(outcomeCut) does not decode to its state"
            )
            #expect(history.foldRest(onto: restored) == full, "seed \(seed): cut at \(eventCut)/\(outcomeCut)")
        }
    }

    @Test(
        "replay is deterministic: the same logs give the same state and the same snapshot bytes",
        arguments: seeds.prefix(3)
    )
    func replayIsDeterministic(seed: UInt64) throws {
        let history = RandomHistory(seed: seed, events: 300, outcomes: 200)
        #expect(SnapshotCodec.encode(history.folded()) == SnapshotCodec.encode(history.folded()))
        try withDataDirectory { layout in
            try history.write(to: layout)
            var loader = ProjectionLoader(layout: layout)
            loader.useSnapshots = false
            loader.snapshotInterval = 0
            let first = try loader.load().state
            let second = try loader.load().state
            #expect(first == history.folded(), "seed \(seed)")
            #expect(SnapshotCodec.encode(first) == SnapshotCodec.encode(second))
        }
    }

    @Test("folding on several threads, each with its own accounts, equals folding on one", arguments: [1, 2, 3, 7])
    func shardedFoldEqualsSequential(shards: Int) throws {
        let history = RandomHistory(seed: Self.seeds[0] &+ UInt64(shards), events: 2_000, outcomes: 900)
        try withDataDirectory { layout in
            try history.write(to: layout)
            var loader = ProjectionLoader(layout: layout)
            loader.useSnapshots = false
            loader.snapshotInterval = 0
            loader.shards = shards
            #expect(try loader.load().state == history.folded(), "\(shards) shards")
        }
    }

    @Test(
        "loading from the periodic snapshots of real logs gives the state of folding from zero",
        arguments: seeds.prefix(3)
    )
    func periodicSnapshotsFromRealLogs(seed: UInt64) throws {
        let history = RandomHistory(seed: seed, events: 500, outcomes: 250)
        try withDataDirectory { layout in
            try history.write(to: layout)
            var loader = ProjectionLoader(layout: layout)
            loader.snapshotInterval = 97
            let first = try loader.load()
            #expect(first.state == history.folded())
            #expect(!first.savedSnapshots.isEmpty)
            #expect(first.startedFrom == nil)
            let store = SnapshotStore(layout: layout)
            #expect(store.files().count <= store.keep)
            // Every snapshot kept, used as a starting point, leads to the same state.
            for file in store.files() {
                let fromSnapshot = history.foldRest(onto: try store.read(file))
                #expect(fromSnapshot == history.folded(), "seed \(seed): \(file.path)")
            }
            let second = try loader.load()
            #expect(second.startedFrom != nil)
            #expect(second.state == history.folded())
        }
    }
}

/// Runs `body` with the layout of a fresh data directory.
func withDataDirectory(_ body: (DataLayout) throws -> Void) throws {
    let root = makeTemporaryDirectory()
    defer { removeTree(root) }
    try body(DataLayout(root: root))
}
