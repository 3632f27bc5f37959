import Dispatch
import Foundation
import Synchronization

/// Cuts an append into batches and compresses them, on several cores when the append is large.
///
/// One appender calling `append` in a loop would otherwise use one core for LZ4 while the
/// other waits on fsync; cutting a 200 KB append in two halves its compression time.
enum BatchCompressor {
    /// Below this many bytes a batch is not cut further for parallelism: small batches compress
    /// worse and cost a header each.
    static let minimumParallelBatchBytes = 64 << 10
    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    static func prepare(_ records: [[UInt8]], maxBatchBytes: Int, appendedBy: String?) throws -> [PreparedBatch] {
        let total = records.reduce(0) { $0 + $1.count }
        let perCore = (total + cores - 1) / cores
        let target = min(maxBatchBytes, max(minimumParallelBatchBytes, perCore))
        let runs = cut(records, maxBytes: target)
        guard runs.count > 1 else { return [try PreparedBatch(records: runs[0], appendedBy: appendedBy)] }

        let results = Mutex<[Int: Result<PreparedBatch, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            let prepared = Result { try PreparedBatch(records: runs[index], appendedBy: appendedBy) }
            results.withLock { $0[index] = prepared }
        }
        let finished = results.withLock { $0 }
        return try (0..<runs.count).map { try finished[$0]!.get() }
    }

    /// Cuts records into runs of at most `maxBytes` (a larger record alone), keeping their order.
    static func cut(_ records: [[UInt8]], maxBytes: Int) -> [ArraySlice<[UInt8]>] {
        var runs: [ArraySlice<[UInt8]>] = []
        var start = 0
        var bytes = 0
        for (index, record) in records.enumerated() {
            if index > start && bytes + record.count > maxBytes {
                runs.append(records[start..<index])
                start = index
                bytes = 0
            }
            bytes += record.count
        }
        runs.append(records[start...])
        return runs
    }
}
