public import Access
import Foundation
public import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import HummingbirdTLS
public import Ingest
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
public import ServiceLifecycle
import SyncModel

/// The service's HTTP listener, as a `Service` that stops gracefully: no new connections,
/// requests in flight answered.
///
/// Routes: `POST /v1/events` (ingest, for tokens with the `ingest` role), `GET /healthz` and
/// `GET /readyz`, and what `routes` adds (the dashboard). Every answer carries a request id.
/// Slow clients are cut off after `limits.readTimeout`; open connections are bounded by
/// `limits.maxConnections`.
public struct IngestServer: Service {
    /// A PEM certificate chain and private key, for HTTPS.
    public struct TLSFiles: Sendable {
        public var certificate: String
        public var privateKey: String

        public init(certificate: String, privateKey: String) {
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }

    /// What the listener takes at most.
    public struct Limits: Sendable {
        /// Requests whose events are validated and appended at once; more are answered 503.
        /// Bodies in memory are bounded by as many full bodies (16 MiB each).
        public var maxRequests = 32
        /// How long a request's head, and then its body, may take to arrive; also how long an
        /// idle connection stays open.
        public var readTimeout: Duration = .seconds(30)
        /// Open connections, at most.
        public var maxConnections = 1024

        public init() {}
    }

    private let ingest: any EventSink
    private let tokens: TokenStore
    private let readiness: Readiness
    private let host: String
    private let port: Int
    private let tls: TLSConfiguration?
    private let limits: Limits
    private let logger: Logger
    private let onReady: @Sendable (String) async -> Void
    private let routes: @Sendable (Router<AccessRequestContext>) -> Void

    /// A server on `host:port` (port 0 picks a free one) appending to `ingest` for the holders of
    /// `tokens`. `onReady` receives the base URL once the server accepts connections. `routes`
    /// adds routes of its own to the same listener.
    public init(
        ingest: any EventSink,
        tokens: TokenStore,
        readiness: Readiness,
        host: String,
        port: Int,
        tls: TLSFiles?,
        limits: Limits = Limits(),
        logger: Logger,
        routes: @escaping @Sendable (Router<AccessRequestContext>) -> Void = { _ in },
        onReady: @escaping @Sendable (String) async -> Void
    ) throws(ServiceSetupError) {
        self.routes = routes
        self.ingest = ingest
        self.tokens = tokens
        self.readiness = readiness
        self.host = host
        self.port = port
        self.limits = limits
        self.logger = logger
        self.onReady = onReady
        self.tls = try tls.map { files throws(ServiceSetupError) in try Self.configuration(files) }
    }

    public func run() async throws {
        // Appends block until durable: each request in flight may hold a thread of its own while
        // it waits for the group commit it shares with the others.
        let pool = NIOThreadPool(numberOfThreads: limits.maxRequests)
        pool.start()
        let endpoint = EventsEndpoint(
            ingest: ingest,
            pool: pool,
            gate: RequestGate(limit: limits.maxRequests),
            budget: BodyBudget(limit: limits.maxRequests * EventsEndpoint.maxBodyBytes),
            metrics: IngestMetrics(),
            logger: logger
        )
        let router = Router(context: AccessRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.group("v1")
            .add(middleware: BearerTokenAuthenticator(tokens: tokens))
            .add(middleware: TokenRequired(logger: logger))
            .add(middleware: AuthorizationPolicyMiddleware(RolePolicy<Grant>(.ingest), deniedError: PostingForbidden()))
            .post("events") { request, context in await endpoint.handle(request, context: context) }
        router.get("healthz") { _, _ in Response.json(.ok, .object([JSONMember("status", .string("alive"))])) }
        let readiness = self.readiness
        let ingest = self.ingest
        router.get("readyz") { _, _ in HealthEndpoints.ready(readiness, ingest: ingest) }
        routes(router)

        let scheme = tls == nil ? "http" : "https"
        let host = self.host
        let onReady = self.onReady
        let readTimeout = TimeAmount.nanoseconds(limits.readTimeout.nanoseconds)
        let logger = self.logger
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(timeout: readTimeout, logger: logger)],
            idleTimeout: readTimeout
        )
        let server: HTTPServerBuilder =
            try tls.map { try .tls(.http1(configuration: http), tlsConfiguration: $0) }
            ?? .http1(configuration: http)
        let application = Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: nil,
                availableConnectionsDelegate: ConnectionLimit(limit: limits.maxConnections, logger: logger)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost =
                    host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
                await onReady("\(scheme)://\(shownHost):\(port)")
            },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
        try await pool.shutdownGracefully()
    }

    private static func configuration(_ files: TLSFiles) throws(ServiceSetupError) -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
            guard !chain.isEmpty else { throw ServiceSetupError("no certificate in \(files.certificate)") }
            let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
            return TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key)
            )
        } catch let error as ServiceSetupError {
            throw error
        } catch {
            throw ServiceSetupError(
                "cannot use the TLS certificate \(files.certificate) and key \(files.privateKey): \(error)"
            )
        }
    }
}

/// Why the service cannot start as configured.
public struct ServiceSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
