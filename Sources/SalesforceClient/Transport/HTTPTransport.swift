import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// One HTTP exchange: what was sent and what came back.
public struct HTTPExchange: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    /// The first header named `name`, any case.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// Sends requests over AsyncHTTPClient, trusting the system's CAs plus an optional private one.
public final class HTTPTransport: Sendable {
    private let client: HTTPClient
    /// How long one request may take, connection included.
    public let timeout: Duration
    /// Asked before each request; when it throws, the request is not sent.
    private let admit: (@Sendable () throws -> Void)?

    /// A transport whose TLS also trusts the PEM certificates in `caFile`. `admit` is asked before
    /// each request is sent: a request it throws for fails as a transport error, unsent.
    public init(
        caFile: String? = nil,
        timeout: Duration = .seconds(60),
        admit: (@Sendable () throws -> Void)? = nil
    ) throws(SalesforceError) {
        self.admit = admit
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw .insecureURL("the CA file \(caFile) cannot be read")
            }
            tls.additionalTrustRoots = [.file(caFile)]
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        // The client's own retries, with backoff and a limit, decide about failed connections.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    /// Sends one request; a lost connection or a timeout throws `.transport`.
    public func send(
        _ method: String,
        _ url: String,
        headers: [(String, String)],
        body: Data?
    ) async throws(SalesforceError) -> HTTPExchange {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let label = "\(method) \(Self.pathForMessages(url))"
        if let admit {
            do { try admit() } catch { throw .transport(request: label, reason: "not sent: \(error)") }
        }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return HTTPExchange(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Data(buffer: bytes)
            )
        } catch let error as NIOSSLError {
            throw .untrustedServer(request: label, reason: "\(error)")
        } catch {
            throw .transport(request: label, reason: "\(error)")
        }
    }

    /// Closes pooled connections. Call once, when done.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// The URL without its query string, for messages: queries may hold personal data.
    static func pathForMessages(_ url: String) -> String {
        String(url.split(separator: "?", maxSplits: 1).first ?? "")
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
