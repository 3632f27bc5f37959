public import Foundation
import Synchronization

/// An in-memory Salesforce org behind Salesforce's REST API: OAuth, describe, sObjects, SOQL,
/// SOSL, collections, composite and limits, plus admin endpoints for tests (`/__emulator/...`).
///
/// Independent of HTTP: `EmulatorServer` carries requests to `respond(to:)` over Hummingbird.
public final class SalesforceEmulator: Sendable {
    private let state: Mutex<EmulatorState>
    private let clock: @Sendable () -> Date

    /// Salesforce caps a request's URI at 16,384 bytes.
    static let maximumTargetLength = 16_384

    /// An emulator holding `fixture`'s org; `clock` tells the time (token expiry, index delay).
    public init(fixture: OrgFixture, clock: @escaping @Sendable () -> Date = { Date() }) throws(EmulatorSetupError) {
        self.clock = clock
        state = Mutex(try EmulatorState(fixture: fixture, now: clock()))
    }

    /// Sets the `scheme://host:port` that token responses name as `instance_url`.
    public func setBaseURL(_ url: String) {
        state.withLock { $0.baseURL = url }
    }

    /// Answers one request.
    public func respond(to request: APIRequest) async -> APIResponse {
        if request.targetLength > Self.maximumTargetLength {
            return APIResponse(
                status: 414,
                json: [RecordError("URI_TOO_LONG", "The request URI is longer than 16384 bytes").restBody]
            )
        }
        let segments = request.segments
        if segments.first == "__emulator" {
            return state.withLock { state in state.admin(request, segments: segments, now: clock()) }
        }
        guard segments.first == "services" else { return Self.response(APIFailure.notFound.response) }
        let latency = state.withLock { $0.faults.latency() }
        if latency > 0 { try? await Task.sleep(for: .seconds(latency)) }
        return state.withLock { state in state.service(request, segments: segments, now: clock()) }
    }

    static func response(_ result: APIResult, headers: [(String, String)] = []) -> APIResponse {
        APIResponse(status: result.status, json: result.body, headers: headers)
    }
}
