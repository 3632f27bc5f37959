public import Foundation
import Logging
public import SalesforceEmulator
import ServiceLifecycle

/// The Salesforce emulator served over HTTP on a free loopback port by this process. Nothing
/// outlives `stop()`: there is no child process to leave behind.
public final class LocalEmulator: Sendable {
    public let baseURL: String
    public let fixture: OrgFixture
    private let group: ServiceGroup
    private let serving: Task<Void, any Error>

    private init(baseURL: String, fixture: OrgFixture, group: ServiceGroup, serving: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.fixture = fixture
        self.group = group
        self.serving = serving
    }

    /// Loads the org fixture at `org` and serves it.
    public static func start(org: URL) async throws -> LocalEmulator {
        let fixture = try OrgFixture.load(contentsOf: org)
        var logger = Logger(label: "avosync.demo.emulator")
        logger.logLevel = .critical
        let (ready, continuation) = AsyncStream.makeStream(of: String.self)
        let server = try EmulatorServer(
            emulator: try SalesforceEmulator(fixture: fixture),
            host: "127.0.0.1",
            port: 0,
            logger: logger,
            onReady: { continuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        let serving = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ready.makeAsyncIterator()
        guard let url = await iterator.next() else {
            _ = try await serving.value
            throw ScenarioError("the emulator stopped before it served")
        }
        return LocalEmulator(baseURL: url, fixture: fixture, group: group, serving: serving)
    }

    /// Stops serving and waits until the port is closed.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
    }
}
