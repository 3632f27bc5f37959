import BenchmarkSupport
import Synchronization

/// Records resident memory each time the fold passes another `every` records.
final class MemorySampler: Sendable {
    private let every: UInt64
    private let recorded = Mutex<[(events: UInt64, resident: Int)]>([])

    init(every: UInt64) { self.every = every }

    func sample(_ folded: UInt64) {
        recorded.withLock { samples in
            let next = UInt64(samples.count + 1) * every
            if folded >= next { samples.append((folded, ProcessMemory.resident)) }
        }
    }

    var samples: [(events: UInt64, resident: Int)] { recorded.withLock { $0 } }
}
