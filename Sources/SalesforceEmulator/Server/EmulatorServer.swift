import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
public import ServiceLifecycle

/// Serves a `SalesforceEmulator` over HTTP or HTTPS, as a `Service` that stops gracefully.
public struct EmulatorServer: Service {
    /// A PEM certificate chain and private key, for HTTPS.
    public struct TLSFiles: Sendable {
        public var certificate: String
        public var privateKey: String

        public init(certificate: String, privateKey: String) {
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }

    private let emulator: SalesforceEmulator
    private let host: String
    private let port: Int
    private let tls: TLSConfiguration?
    private let logger: Logger
    private let onReady: @Sendable (String) async -> Void

    /// A server for `emulator` on `host:port` (port 0 picks a free one). `onReady` receives the
    /// base URL (`https://127.0.0.1:54321`) once the server accepts connections.
    public init(
        emulator: SalesforceEmulator,
        host: String,
        port: Int,
        tls: TLSFiles? = nil,
        logger: Logger,
        onReady: @escaping @Sendable (String) async -> Void
    ) throws(EmulatorSetupError) {
        self.emulator = emulator
        self.host = host
        self.port = port
        self.logger = logger
        self.onReady = onReady
        self.tls = try tls.map { files throws(EmulatorSetupError) in try Self.configuration(files) }
    }

    public func run() async throws {
        let scheme = tls == nil ? "http" : "https"
        let host = self.host
        let emulator = self.emulator
        let onReady = self.onReady
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let application = Application(
            responder: EmulatorResponder(emulator: emulator),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host == "0.0.0.0" ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
                let url = "\(scheme)://\(shownHost):\(port)"
                emulator.setBaseURL(url)
                await onReady(url)
            },
            logger: logger
        )
        try await application.run()
    }

    private static func configuration(_ files: TLSFiles) throws(EmulatorSetupError) -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
            guard !chain.isEmpty else { throw EmulatorSetupError("no certificate in \(files.certificate)") }
            let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
            return TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key)
            )
        } catch let error as EmulatorSetupError {
            throw error
        } catch {
            throw EmulatorSetupError(
                "cannot use the TLS certificate \(files.certificate) and key \(files.privateKey): \(error)"
            )
        }
    }
}
