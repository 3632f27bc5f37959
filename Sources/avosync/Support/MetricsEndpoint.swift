import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Serves the process's metrics in Prometheus' text format on `GET /metrics`, until the service
/// group shuts down.
struct MetricsEndpoint: Service {
    let registry: PrometheusCollectorRegistry
    let host: String
    let port: Int
    let logger: Logger
    /// Receives the endpoint's URL (with the real port) once it accepts connections.
    let onReady: @Sendable (String) async -> Void

    func run() async throws {
        let router = Router()
        let registry = self.registry
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        let host = self.host
        let onReady = self.onReady
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let shownHost = host.contains(":") ? "[\(host)]" : host
                await onReady("http://\(shownHost):\(channel.localAddress?.port ?? 0)/metrics")
            },
            logger: logger
        )
        try await application.run()
    }
}
