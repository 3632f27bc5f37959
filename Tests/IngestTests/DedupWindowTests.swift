import EventLog
import EventLogTestSupport
import Foundation
import Ingest
import SyncModel
import Synchronization
import Testing

/// DESIGN.md section 12: ingest is idempotent by (account, id) within the dedup window.
@Suite("Ingest: the dedup window")
struct DedupWindowTests {
    /// A clock tests move by hand, in microseconds since 1970.
    final class ManualClock: Sendable {
        let now = Atomic<Int64>(1_764_000_000_000_000)
        func advance(days: Int64) { now.wrappingAdd(days * 86_400_000_000, ordering: .relaxed) }
    }

    static func events(_ ids: [String], account: String = "acme") -> [Event] {
        var validator = IngestValidator { _ in .unitedStates }
        return ids.map { id in
            let line =
                #"{"type":"note.added","account":"\#(account)","id":"\#(id)","contact":"c","at":"2026-11-28T09:00:00Z","body":"b"}"#
            return try! validator.validate(line: Array(line.utf8), number: 1)!.get()
        }
    }

    static func options(_ clock: ManualClock) -> IngestLog.Options {
        var options = IngestLog.Options()
        options.log.clock = { clock.now.load(ordering: .relaxed) }
        return options
    }

    @Test("an event already in the log within the window is counted as a duplicate, not appended again")
    func duplicatesWithinTheWindow() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let clock = ManualClock()
        let ingest = try IngestLog(directory: directory, options: Self.options(clock))
        let first = try ingest.append(Self.events(["a", "b"]), appendedBy: "test")
        #expect(first.appended == 0..<2)
        let again = try ingest.append(
            Self.events(["b", "c"]) + Self.events(["b"], account: "globex"),
            appendedBy: "test"
        )
        #expect(again.duplicates == 1)
        #expect(again.appended == 2..<4, "the same id in another account is another event")
        try ingest.close()

        // Rebuilt from the log by the next writer: six days later, still within the window.
        clock.advance(days: 6)
        let reopened = try IngestLog(directory: directory, options: Self.options(clock))
        #expect(reopened.indexedEvents == 4)
        #expect(try reopened.append(Self.events(["a"]), appendedBy: "test").duplicates == 1)
        try reopened.close()
    }

    @Test("an event appended before the window is forgotten, in the running writer and in a rebuilt one")
    func theWindowExpires() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let clock = ManualClock()
        let ingest = try IngestLog(directory: directory, options: Self.options(clock))
        _ = try ingest.append(Self.events(["old"]), appendedBy: "test")
        clock.advance(days: 8)
        #expect(try ingest.append(Self.events(["old"]), appendedBy: "test").appended.count == 1)
        try ingest.close()
        clock.advance(days: 8)
        let reopened = try IngestLog(directory: directory, options: Self.options(clock))
        #expect(reopened.indexedEvents == 0, "nothing was appended in the last 7 days")
        try reopened.close()
    }

    @Test("the same events appended by many threads at once land once")
    func concurrentAppendsOfTheSameEventsLandOnce() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let ingest = try IngestLog(directory: directory)
        let batch = Self.events((0..<50).map { "e\($0)" })
        let appended = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let receipt = try! ingest.append(batch, appendedBy: "test")
            appended.wrappingAdd(receipt.appended.count, ordering: .relaxed)
        }
        #expect(appended.load(ordering: .relaxed) == 50)
        #expect(ingest.nextOffset == 50)
        try ingest.close()
    }

    @Test("past the pending limit an append is refused as busy and appends nothing")
    func pendingLimitRefuses() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        var options = IngestLog.Options()
        options.maxPendingEvents = 10
        options.appendDelay = .milliseconds(300)
        let ingest = try IngestLog(directory: directory, options: options)
        let first = Thread { _ = try? ingest.append(Self.events((0..<8).map { "first-\($0)" }), appendedBy: "test") }
        first.start()
        while ingest.pendingEvents < 8 { Thread.sleep(forTimeInterval: 0.005) }
        #expect(throws: IngestRefusal.self) {
            try ingest.append(Self.events((0..<8).map { "second-\($0)" }), appendedBy: "test")
        }
        while ingest.pendingEvents > 0 { Thread.sleep(forTimeInterval: 0.005) }
        #expect(ingest.nextOffset == 8)
        try ingest.close()
    }
}
