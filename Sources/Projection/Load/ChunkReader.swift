import EventLog
import Foundation

/// Reads a log ahead of the fold on a thread of its own, a chunk at a time, so that reading the
/// next chunk (decompressing and checking its batches, hashing their accounts) overlaps folding
/// this one. At most `depth` chunks wait to be folded.
///
/// `@unchecked Sendable`: its mutable state is touched only under `condition`'s lock.
final class ChunkReader: @unchecked Sendable {
    private let condition = NSCondition()
    private let depth: Int
    /// Chunks read and not yet taken; the last may be the end (nil) or what reading threw.
    private var waiting: [Result<FoldChunk?, any Error>] = []
    private var stopping = false
    private var finished = false

    /// Starts reading `cursor` (which only the reader's thread touches from now on) in chunks of
    /// at least `chunkRecords` records.
    init(_ cursor: LogCursor, chunkRecords: UInt64, depth: Int = 2) {
        self.depth = depth
        let cursor = CursorHandOver(cursor)
        let thread = Thread { [self] in self.read(cursor.cursor, chunkRecords: chunkRecords) }
        thread.name = "avosync fold reader"
        thread.start()
    }

    /// The next chunk, nil at the end of the log; throws what reading it threw.
    func next() throws -> FoldChunk? {
        condition.lock()
        while waiting.isEmpty { condition.wait() }
        let item = waiting.removeFirst()
        condition.broadcast()
        condition.unlock()
        return try item.get()
    }

    /// Stops reading, whatever is left unread, and waits for the reader's thread to end. Call
    /// it once, when done (after the end, an error, or a failure of the fold).
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func read(_ cursor: LogCursor, chunkRecords: UInt64) {
        while true {
            condition.lock()
            while waiting.count >= depth, !stopping { condition.wait() }
            guard !stopping else { break }
            condition.unlock()
            let item = Result { try Self.chunk(from: cursor, records: chunkRecords) }
            condition.lock()
            waiting.append(item)
            condition.broadcast()
            guard case .success(.some) = item else { break }
            condition.unlock()
        }
        // Still holding the lock: say so and go.
        finished = true
        condition.broadcast()
        condition.unlock()
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
