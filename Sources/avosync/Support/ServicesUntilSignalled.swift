import Logging
import ServiceLifecycle
import UnixSignals

/// Runs `services` until SIGTERM or SIGINT, which stops them gracefully in reverse order (so list
/// first what must stop last).
func runUntilSignalled(_ services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger) async throws {
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
    )
    try await group.run()
}
