public import Foundation
public import SalesforceEmulator

/// An emulator served over HTTP on a free loopback port by this process, with a signed-in
/// `OrgConnection` on the same org for checking what clients did.
public final class LiveEmulator: Sendable {
    public let org: OrgConnection
    private let served: LoopbackEmulator

    public var baseURL: String { served.baseURL }

    private init(org: OrgConnection, served: LoopbackEmulator) {
        self.org = org
        self.served = served
    }

    /// Serves the standard org, edited by `edit`, on `clock`.
    public static func start(
        clock: @escaping @Sendable () -> Date = { Date() },
        edit: (inout OrgFixture) -> Void = { _ in }
    ) async throws -> LiveEmulator {
        let org = try await OrgConnection.standard(clock: clock, edit: edit)
        return LiveEmulator(org: org, served: try await LoopbackEmulator(serving: org.emulator))
    }

    /// Stops serving.
    public func stop() async {
        await served.stop()
    }
}
