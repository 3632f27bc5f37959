import Foundation
public import ServiceLifecycle

/// Samples a `MetricsHistory` at once and then every `interval` of it, until the service group
/// stops.
public struct MetricsSampler: Service {
    let history: MetricsHistory

    public init(history: MetricsHistory) { self.history = history }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                history.sample()
                try await Task.sleep(for: history.interval)
            }
        }
    }
}
