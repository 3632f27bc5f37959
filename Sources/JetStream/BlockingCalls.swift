import Dispatch

/// Runs the C client's blocking calls on threads of their own, so that a publish waiting for a
/// leader election never holds one of Swift's few cooperative threads.
public enum BlockingCalls {
    private static let queue = DispatchQueue(label: "avosync.nats", attributes: .concurrent)

    /// Runs `work` on the NATS queue and returns its result.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
