import EmulatorTestSupport
import EventLog
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import SyncModel

/// A data directory, a tokens file and a started `avosync serve --no-sync` over them.
final class ServiceFixture: Sendable {
    static let token = "test-token-0123456789abcdef"

    let directory: String
    let data: String
    let tokensFile: String
    let serve: ServeProcess
    var client: IngestClient { IngestClient(baseURL: serve.baseURL, token: Self.token) }
    /// A client that gives up after a few seconds: for services that are stopped or killed under it.
    var impatientClient: IngestClient { IngestClient(baseURL: serve.baseURL, token: Self.token, deadline: .seconds(5)) }

    /// A service over a new data directory, whose tokens file holds `tokens` (lines of the file:
    /// bare tokens or digest lines).
    init(
        directory: String = makeTemporaryDirectory(),
        arguments: [String] = ["--no-sync"],
        tokens: [String] = [token]
    ) async throws {
        self.directory = directory
        data = directory + "/data"
        tokensFile = try writeTokens(tokens, to: directory + "/tokens")
        serve = try await ServeProcess(data: data, tokensFile: tokensFile, arguments: arguments)
    }

    /// Stops the service (SIGTERM) and removes the directory.
    func finish() {
        _ = serve.stop() as Int32
        removeTree(directory)
    }

    /// Every event in the log, in order.
    func events() throws -> [Event] { try loggedEvents(data) }
}

/// Every event in the events log of `data`, in order.
func loggedEvents(_ data: String) throws -> [Event] {
    guard let cursor = try LogCursor.ifPresent(directory: data + "/events", from: .offset(0)) else { return [] }
    var events: [Event] = []
    while let record = try cursor.next() {
        if case .event(let event) = try StoredEncoding.decode(record.bytes) { events.append(event) }
    }
    return events
}

/// Text events of `account` with ids `prefix-0`, `prefix-1`, ... as JSON lines.
func textLines(_ count: Int, account: String = "acme", prefix: String = "e") -> [String] {
    (0..<count).map { index in
        #"{"type":"text.logged","account":"\#(account)","id":"\#(prefix)-\#(index)","contact":"c-\#(index % 7)","at":"2026-11-28T09:00:00Z","direction":"inbound","body":"hello \#(index)"}"#
    }
}
