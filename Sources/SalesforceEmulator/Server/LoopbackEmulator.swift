import Foundation
public import Logging
import ServiceLifecycle

/// An emulator served over HTTP on a free loopback port by the calling process: what the demo,
/// the tests and the benchmarks run against. Nothing outlives `stop()`; there is no child process.
public final class LoopbackEmulator: Sendable {
    public let emulator: SalesforceEmulator
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    private let group: ServiceGroup
    private let serving: Task<Void, any Error>

    /// Serves `emulator` and returns once it accepts connections.
    public init(serving emulator: SalesforceEmulator, logger: Logger = LoopbackEmulator.quietLogger) async throws {
        self.emulator = emulator
        let (ready, continuation) = AsyncStream.makeStream(of: String.self)
        let server = try EmulatorServer(
            emulator: emulator,
            host: "127.0.0.1",
            port: 0,
            logger: logger,
            onReady: { continuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        self.group = group
        serving = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ready.makeAsyncIterator()
        guard let url = await iterator.next() else {
            _ = try await serving.value
            throw EmulatorSetupError("the emulator stopped before it listened")
        }
        baseURL = url
    }

    /// Stops serving and waits until the port is closed.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
    }

    /// A logger that reports only critical problems: an in-process server should stay quiet.
    public static var quietLogger: Logger {
        var logger = Logger(label: "avosync.emulator")
        logger.logLevel = .critical
        return logger
    }
}
