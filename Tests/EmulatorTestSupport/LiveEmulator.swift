public import Foundation
import Logging
public import SalesforceEmulator
import ServiceLifecycle

/// An emulator served over HTTP on a free loopback port by this process, with a signed-in
/// `OrgConnection` on the same org for checking what clients did.
public final class LiveEmulator: Sendable {
    public let baseURL: String
    public let org: OrgConnection
    private let group: ServiceGroup
    private let serving: Task<Void, any Error>

    private init(baseURL: String, org: OrgConnection, group: ServiceGroup, serving: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.org = org
        self.group = group
        self.serving = serving
    }

    /// Serves the standard org, edited by `edit`.
    public static func start(edit: (inout OrgFixture) -> Void = { _ in }) async throws -> LiveEmulator {
        let org = try await OrgConnection.standard(edit: edit)
        var logger = Logger(label: "test.emulator")
        logger.logLevel = .critical
        let (ready, continuation) = AsyncStream.makeStream(of: String.self)
        let server = try EmulatorServer(
            emulator: org.emulator,
            host: "127.0.0.1",
            port: 0,
            logger: logger,
            onReady: { continuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        let serving = Task { try await group.run() }
        var iterator = ready.makeAsyncIterator()
        guard let url = await iterator.next() else { throw HarnessError("the emulator did not start") }
        return LiveEmulator(baseURL: url, org: org, group: group, serving: serving)
    }

    /// Stops serving.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
    }
}
