public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import SalesforceEmulator

/// A client of the service's HTTP API, over a real connection.
public struct IngestClient: Sendable {
    /// What the service answered.
    public struct Answer: Sendable {
        public var status: Int
        public var json: JSON?
        public var headers: [String: String]
        public var text: String
    }

    public let baseURL: String
    public let token: String?
    /// How long a request may take, connecting included (a client of a service that was killed
    /// keeps trying to connect until then).
    public let deadline: Duration

    public init(baseURL: String, token: String?, deadline: Duration = .seconds(60)) {
        self.baseURL = baseURL
        self.token = token
        self.deadline = deadline
    }

    /// Posts `body` to `/v1/events` as `contentType`.
    public func post(
        _ body: Data,
        contentType: String = "application/x-ndjson",
        token: String? = nil
    ) async throws
        -> Answer
    {
        var request = HTTPClientRequest(url: baseURL + "/v1/events")
        request.method = .POST
        if let token = token ?? self.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request)
    }

    /// Posts JSON lines.
    public func post(lines: [String], token: String? = nil) async throws -> Answer {
        try await post(Data((lines.joined(separator: "\n") + "\n").utf8), token: token)
    }

    /// `GET path`, with the client's token when `authorized`.
    public func get(_ path: String, authorized: Bool = false) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        if authorized, let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Answer {
        let response = try await HTTPClient.shared.execute(
            request,
            timeout: .nanoseconds(
                deadline.components.seconds * 1_000_000_000 + deadline.components.attoseconds / 1_000_000_000
            )
        )
        let body = try await response.body.collect(upTo: 16 << 20)
        let text = String(buffer: body)
        return Answer(
            status: Int(response.status.code),
            json: JSON.parse(Data(text.utf8)),
            headers: Dictionary(
                response.headers.map { ($0.name.lowercased(), $0.value) },
                uniquingKeysWith: { a, _ in a }
            ),
            text: text
        )
    }
}
