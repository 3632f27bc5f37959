import Foundation

/// Group commit: appenders that wrote their batches wait here until an fsync covers them, and one
/// fsync serves every appender whose batch was written before it started.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is
/// locked.
final class GroupCommit: @unchecked Sendable {
    private let condition = NSCondition()
    /// Every offset below this is durable.
    private var durableEnd: UInt64
    private var syncing = false
    private var failure: LogError?

    init(durableEnd: UInt64) {
        self.durableEnd = durableEnd
    }

    /// Returns once every offset below `end` is durable. When no fsync is running, the caller runs
    /// `sync`, which makes the log durable through the offset it returns.
    func waitUntilDurable(through end: UInt64, sync: () throws -> UInt64) throws {
        condition.lock()
        defer { condition.unlock() }
        while durableEnd < end {
            if let failure { throw failure }
            if syncing {
                condition.wait()
                continue
            }
            syncing = true
            condition.unlock()
            let result = Result { try sync() }
            condition.lock()
            syncing = false
            switch result {
            case .success(let reached): durableEnd = max(durableEnd, reached)
            case .failure(let error):
                failure = error as? LogError ?? LogError(code: .io, message: "fsync failed: \(error)")
            }
            condition.broadcast()
        }
    }
}
