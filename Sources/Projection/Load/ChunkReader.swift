import Dispatch
import EventLog
import Foundation
import Synchronization

/// Reads a log ahead of the fold on a thread of its own, a chunk at a time, so that reading the
/// next chunk (decompressing and checking its batches, hashing their accounts) overlaps folding
/// this one. At most `depth` chunks wait to be folded.
final class ChunkReader: Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let finished = DispatchSemaphore(value: 0)
    private let queue = Mutex<[Result<FoldChunk?, any Error>]>([])
    private let stopping = Atomic<Bool>(false)

    /// Starts reading `cursor` (which only the reader's thread touches from now on) in chunks of
    /// at least `chunkRecords` records.
    init(_ cursor: LogCursor, chunkRecords: UInt64, depth: Int = 2) {
        room = DispatchSemaphore(value: depth)
        let cursor = CursorHandOver(cursor)
        let thread = Thread { [self] in self.read(cursor.cursor, chunkRecords: chunkRecords) }
        thread.name = "avosync fold reader"
        thread.start()
    }

    /// The next chunk, nil at the end of the log; throws what reading it threw.
    func next() throws -> FoldChunk? {
        ready.wait()
        let item = queue.withLock { $0.removeFirst() }
        room.signal()
        return try item.get()
    }

    /// Stops reading and waits for the reader's thread to end. Call it once, when done.
    func stop() {
        stopping.store(true, ordering: .releasing)
        room.signal()
        finished.wait()
    }

    private func read(_ cursor: LogCursor, chunkRecords: UInt64) {
        defer { finished.signal() }
        while true {
            room.wait()
            if stopping.load(ordering: .acquiring) { return }
            let item = Result { try Self.chunk(from: cursor, records: chunkRecords) }
            queue.withLock { $0.append(item) }
            ready.signal()
            guard case .success(.some) = item else { return }
        }
    }

    private static func chunk(from cursor: LogCursor, records: UInt64) throws -> FoldChunk? {
        var chunk = FoldChunk()
        while chunk.records < records, let batch = try cursor.nextBatch() { chunk.append(batch) }
        return chunk.batches.isEmpty ? nil : chunk
    }
}

/// A cursor passed to the reader's thread, which alone uses it from then on.
private struct CursorHandOver: @unchecked Sendable {
    let cursor: LogCursor
    init(_ cursor: LogCursor) { self.cursor = cursor }
}
