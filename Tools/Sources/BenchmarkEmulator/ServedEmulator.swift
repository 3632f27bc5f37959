public import Foundation
import Logging
public import SalesforceEmulator
import ServiceLifecycle

/// An emulator served over HTTP on a free loopback port by the benchmark's own process.
public final class ServedEmulator: Sendable {
    public let emulator: SalesforceEmulator
    public let baseURL: String
    private let group: ServiceGroup
    private let serving: Task<Void, any Error>

    /// The repository's standard org fixture.
    public static let standardOrg = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/orgs/standard.json")

    /// Serves `fixture` and waits until it listens.
    public init(fixture: OrgFixture) async throws {
        emulator = try SalesforceEmulator(fixture: fixture)
        var logger = Logger(label: "benchmark.emulator")
        logger.logLevel = .critical
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
        serving = Task { try await group.run() }
        var iterator = ready.makeAsyncIterator()
        guard let url = await iterator.next() else { throw ServedEmulatorError() }
        baseURL = url
    }

    /// Stops serving once open connections are done.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await serving.value
    }
}

/// The emulator did not start listening.
public struct ServedEmulatorError: Error, CustomStringConvertible {
    public var description: String { "the emulator did not start" }
}
