import EventLogTestSupport
import Foundation
import Testing

@testable import Projection
@testable import SyncModel

/// A snapshot that cannot be trusted is ignored, said so, and the state is still right.
@Suite("Snapshot recovery")
struct SnapshotRecoveryTests {
    /// Writes a history and two snapshots: one in the middle, one at the end.
    private func prepare(_ layout: DataLayout) throws -> (RandomHistory, SnapshotStore.File, SnapshotStore.File) {
        let history = RandomHistory(seed: 7, events: 300, outcomes: 120)
        try history.write(to: layout)
        let store = SnapshotStore(layout: layout)
        let middle = try store.save(history.folded(events: 150, outcomes: 60))
        let end = try store.save(history.folded())
        return (history, middle, end)
    }

    private func load(_ layout: DataLayout) throws -> ProjectionLoader.Result {
        var loader = ProjectionLoader(layout: layout)
        loader.snapshotInterval = 0
        return try loader.load()
    }

    @Test("a snapshot with a flipped byte anywhere is ignored and an older one is used")
    func corruptedSnapshotIsIgnored() throws {
        try withDataDirectory { layout in
            let (history, middle, end) = try prepare(layout)
            let original = try Data(contentsOf: URL(fileURLWithPath: end.path))
            for position in stride(from: 0, to: original.count, by: max(1, original.count / 40)) {
                var damaged = original
                damaged[position] ^= 0x40
                try damaged.write(to: URL(fileURLWithPath: end.path))
                let result = try load(layout)
                #expect(result.state == history.folded(), "byte \(position)")
                #expect(result.startedFrom == middle, "byte \(position)")
                #expect(result.ignoredSnapshots.map(\.file) == [end], "byte \(position)")
            }
        }
    }

    @Test("with every snapshot damaged, the fold starts from zero and is still right")
    func allSnapshotsDamaged() throws {
        try withDataDirectory { layout in
            let (history, middle, end) = try prepare(layout)
            for file in [middle, end] { try Data("garbage".utf8).write(to: URL(fileURLWithPath: file.path)) }
            let result = try load(layout)
            #expect(result.state == history.folded())
            #expect(result.startedFrom == nil)
            #expect(result.ignoredSnapshots.count == 2)
            #expect(result.ignoredSnapshots.allSatisfy { $0.reason.contains("too short") })
        }
    }

    @Test("a snapshot of format version 1 still reads, but is folded again since it lacks two-way sync's state")
    func versionOneSnapshotLoads() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/snapshot-v1")
        try withDataDirectory { layout in
            for folder in ["events", "sync", "snapshots"] {
                try FileManager.default.copyItem(
                    atPath: fixture.appendingPathComponent(folder).path,
                    toPath: layout.root + "/" + folder
                )
            }
            let store = SnapshotStore(layout: layout)
            let file = try #require(store.files().last)
            #expect(try store.read(file).eventsNextOffset == 66, "still decodes: verify finds it intact")
            let result = try load(layout)
            #expect(result.ignoredSnapshots.map(\.reason).first?.contains("format 1 lacks") == true)
            #expect(result.startedFrom?.eventsOffset != 66)
            var fromZero = ProjectionLoader(layout: layout)
            fromZero.useSnapshots = false
            fromZero.snapshotInterval = 0
            let folded = try fromZero.load().state
            #expect(result.state == folded)
            #expect(folded.accounts.count == 15 && folded.account("twin-east").linkCount == 1)
        }
    }

    @Test("a snapshot of format version 3 loads as it is, and the next one saved is of the current format")
    func versionThreeSnapshotLoads() throws {
        try withDataDirectory { layout in
            try copyFixture("snapshot-v3", to: layout)
            let result = try load(layout)
            #expect(result.ignoredSnapshots.isEmpty)
            #expect(result.startedFrom?.eventsOffset == 66 && result.startedFrom?.syncOffset == 164)
            var fromZero = ProjectionLoader(layout: layout)
            fromZero.useSnapshots = false
            fromZero.snapshotInterval = 0
            let folded = try fromZero.load().state
            #expect(result.state == folded)
            #expect(folded.accounts.values.reduce(0) { $0 + $1.contacts.count } == 23)
            #expect(folded.accounts.values.reduce(0) { $0 + $1.linkCount } == 23)
            let store = SnapshotStore(layout: layout)
            try FileManager.default.removeItem(atPath: try #require(result.startedFrom).path)
            let saved = try store.save(result.state)
            #expect(store.formatVersion(of: saved) == SnapshotCodec.formatVersion)
            #expect(try store.read(saved) == folded)
        }
    }

    @Test("a snapshot of an unknown format version is ignored")
    func unknownVersionIsIgnored() throws {
        try withDataDirectory { layout in
            let (history, middle, end) = try prepare(layout)
            var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: end.path)))
            bytes[8] = 9
            try Data(bytes).write(to: URL(fileURLWithPath: end.path))
            let result = try load(layout)
            #expect(result.state == history.folded())
            #expect(result.startedFrom == middle)
            #expect(result.ignoredSnapshots.first?.reason.contains("version 9") == true)
        }
    }

    /// Two snapshots (150 and 300 events), then the logs swapped for `other`'s: cut shorter when
    /// it has fewer events, replaced by different ones when it has as many.
    @Test(
        "a snapshot of logs since cut shorter or replaced by others is ignored",
        arguments: [(seed: UInt64(8), events: 200), (seed: UInt64(9), events: 300)]
    )
    func snapshotOfOtherLogsIsIgnored(other: (seed: UInt64, events: Int)) throws {
        try withDataDirectory { layout in
            _ = try prepare(layout)
            let history = RandomHistory(seed: other.seed, events: other.events, outcomes: 120)
            removeTree(layout.events)
            removeTree(layout.sync)
            try history.write(to: layout)
            let result = try load(layout)
            #expect(result.state == history.folded())
            #expect(result.startedFrom == nil)
            #expect(result.ignoredSnapshots.count == 2)
            #expect(result.ignoredSnapshots.allSatisfy { $0.reason.contains("no longer hold the records") })
        }
    }

    @Test("a snapshot is never written for offsets the logs do not hold")
    func saveRefusesStatesBeyondTheLogs() throws {
        try withDataDirectory { layout in
            let (history, _, _) = try prepare(layout)
            var ahead = history.folded()
            ahead.eventsNextOffset += 50
            #expect(throws: SnapshotError.self) { try SnapshotStore(layout: layout).save(ahead) }
        }
    }

    @Test("saving keeps the newest snapshots and removes older ones")
    func pruning() throws {
        try withDataDirectory { layout in
            let history = RandomHistory(seed: 3, events: 50, outcomes: 0)
            try history.write(to: layout)
            let store = SnapshotStore(layout: layout)
            for cut in stride(from: 5, through: 50, by: 5) { try store.save(history.folded(events: cut)) }
            #expect(store.files().map(\.eventsOffset) == [40, 45, 50])
        }
    }
}

/// Copies a data directory kept under Fixtures/ (its logs and snapshots) into `layout`.
private func copyFixture(_ name: String, to layout: DataLayout) throws {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/" + name)
    for folder in ["events", "sync", "snapshots"] {
        try FileManager.default.copyItem(
            atPath: fixture.appendingPathComponent(folder).path,
            toPath: layout.root + "/" + folder
        )
    }
}
