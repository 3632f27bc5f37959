public import Foundation

/// The waits of `ChildProcess` for async tests. Each blocks a thread of its own, never one of
/// Swift's cooperative pool: a child often needs this process to answer it (the emulator is
/// served from here), and with the pool's few threads blocked in waits nothing would, so the
/// child would sit out its HTTP timeouts and every other test with it.
extension ChildProcess {
    /// Runs a program to completion (see the synchronous `run`), waiting off the pool.
    public static func run(
        _ program: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        input: Data? = nil
    ) async throws -> ProgramRun {
        try await onThreadOfItsOwn { try run(program, arguments, environment: environment, input: input) }
    }

    /// Waits for it to exit by itself, off the pool; returns its exit status.
    public func waitForExit() async -> Int32 {
        await onThreadOfItsOwn { self.waitForExit() }
    }

    /// Waits, off the pool, until a printed line satisfies `match` (or the timeout passes, or
    /// output ends).
    @discardableResult
    public func waitForLine(timeout: Double = 30, where match: @escaping @Sendable (String) -> Bool) async -> String? {
        await onThreadOfItsOwn { self.waitForLine(timeout: timeout, where: match) }
    }

    /// Waits, off the pool, until its standard error contains `text` (or the timeout passes).
    public func waitForErrorOutput(containing text: String, timeout: Double = 30) async -> Bool {
        await onThreadOfItsOwn { self.waitForErrorOutput(containing: text, timeout: timeout) }
    }

    /// Kills it with SIGKILL and waits, off the pool, for it to be gone.
    public func kill() async {
        await onThreadOfItsOwn { self.kill() }
    }
}

/// Runs `work` on a new thread and waits for it without holding a thread of the pool.
private func onThreadOfItsOwn<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

private func onThreadOfItsOwn<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
