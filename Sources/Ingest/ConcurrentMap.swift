import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `map` on every core when the array is large enough to be worth it; the same result, in order.
    func concurrentMap<T: Sendable>(minimumPerThread: Int = 20_000, _ transform: @Sendable (Element) -> T) -> [T] {
        let threads = Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / minimumPerThread)
        guard threads > 1 else { return map(transform) }
        let size = (count + threads - 1) / threads
        let parts = Mutex<[Int: [T]]>([:])
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let mapped = self[part * size..<Swift.min((part + 1) * size, count)].map(transform)
            parts.withLock { $0[part] = mapped }
        }
        return parts.withLock { parts in (0..<threads).flatMap { parts[$0] ?? [] } }
    }
}
