import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// An HTTP client for the dashboard that shows every answer as it is: redirects are not
/// followed, cookies are sent only when a test says so.
struct DashboardClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var text: String

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The session id a `Set-Cookie` header gave, if any.
        var sessionCookie: String? {
            guard let cookie = header("set-cookie"), cookie.hasPrefix("avosync_session="),
                let value = cookie.dropFirst("avosync_session=".count).split(separator: ";").first,
                !value.isEmpty
            else { return nil }
            return String(value)
        }
    }

    let baseURL: String
    private let client: HTTPClient

    /// A client of `baseURL`; with `acceptsAnyCertificate`, of a service with a self-signed
    /// certificate.
    init(baseURL: String, acceptsAnyCertificate: Bool = false) {
        self.baseURL = baseURL
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if acceptsAnyCertificate {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
        }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func send(
        _ method: String,
        _ path: String,
        body: String? = nil,
        headers: [String: String] = [:],
        bearer: String? = nil,
        session: String? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let session { request.headers.add(name: "Cookie", value: "avosync_session=\(session)") }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Reply(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            text: String(buffer: bytes)
        )
    }

    /// Signs in with the form as a browser would; returns the answer (a redirect with a session
    /// cookie when `token` is known).
    func signIn(_ token: String, next: String = "/ui/") async throws -> Reply {
        let form = "token=" + formEncoded(token) + "&next=" + formEncoded(next)
        return try await send(
            "POST",
            "/ui/sign-in",
            body: form,
            headers: ["Content-Type": "application/x-www-form-urlencoded"]
        )
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    private func formEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
