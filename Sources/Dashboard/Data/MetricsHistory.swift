public import CoreMetrics
public import Foundation
import Synchronization

/// The metrics this process keeps (the ones `/metrics` serves), held in memory as a
/// `MetricsFactory` beside Prometheus', with a bounded history of the series the dashboard
/// charts: one sample every `interval`, the last `capacity` of them.
public final class MetricsHistory: MetricsFactory, Sendable {
    /// One series: a metric's label and its dimensions.
    struct SeriesKey: Hashable, Sendable {
        let label: String
        let dimensions: [String: String]

        init(label: String, dimensions: [String: String]) {
            self.label = label
            self.dimensions = dimensions
        }

        /// The series of `label` with one dimension.
        init(_ label: String, _ dimension: (String, String)) {
            self.init(label: label, dimensions: [dimension.0: dimension.1])
        }
    }

    /// One sample of a series.
    struct Sample: Sendable {
        let at: Date
        let value: Double
    }

    /// The labels whose series are sampled into the history.
    static let charted: Set<String> = [
        "avosync_account_pending_events", "avosync_events_dispatched_total", "avosync_salesforce_requests_total",
    ]

    public let interval: Duration
    public let capacity: Int
    private let values = Mutex<[SeriesKey: MetricValue]>([:])
    private let samples = Mutex<[SeriesKey: [Sample]]>([:])

    /// A history of one sample every `interval`, `capacity` samples long (six hours of one a
    /// minute by default).
    public init(interval: Duration = .seconds(60), capacity: Int = 360) {
        self.interval = interval
        self.capacity = max(2, capacity)
    }

    // MARK: Reading

    /// The current value of every series of `label`.
    func current(_ label: String) -> [(dimensions: [String: String], value: Double)] {
        values.withLock { values in values.filter { $0.key.label == label }.map { ($0.key.dimensions, $0.value.value) }
        }
    }

    /// The current value of `label` for `dimension`, if the process has one.
    func current(_ label: String, _ dimension: (String, String)) -> Double? {
        values.withLock { $0[SeriesKey(label, dimension)]?.value }
    }

    /// The samples of `label` for `dimension`, oldest first.
    func history(_ label: String, _ dimension: (String, String)) -> [Sample] {
        samples.withLock { $0[SeriesKey(label, dimension)] ?? [] }
    }

    /// Takes one sample of every charted series, dropping the oldest past `capacity`.
    public func sample(at now: Date = Date()) {
        let current = values.withLock { values in
            values.filter { Self.charted.contains($0.key.label) }.mapValues(\.value)
        }
        samples.withLock { samples in
            for (key, value) in current {
                var series = samples.removeValue(forKey: key) ?? []
                series.append(Sample(at: now, value: value))
                samples[key] = Array(series.suffix(capacity))
            }
        }
    }

    // MARK: MetricsFactory

    private func value(_ label: String, _ dimensions: [(String, String)]) -> MetricValue {
        let key = SeriesKey(label: label, dimensions: Dictionary(dimensions, uniquingKeysWith: { _, last in last }))
        return values.withLock { values in
            if let value = values[key] { return value }
            let value = MetricValue()
            values[key] = value
            return value
        }
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        value(label, dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        value(label, dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        value(label, dimensions)
    }

    // A series is kept for as long as the process runs: there are as many as accounts and orgs.
    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}

/// The latest value of one series: a counter's total, a gauge's last reading, a timer's last
/// duration in nanoseconds.
final class MetricValue: CounterHandler, RecorderHandler, TimerHandler, Sendable {
    private let stored = Mutex<Double>(0)

    var value: Double { stored.withLock { $0 } }

    func increment(by amount: Int64) { stored.withLock { $0 += Double(amount) } }
    func reset() { stored.withLock { $0 = 0 } }
    func record(_ value: Int64) { stored.withLock { $0 = Double(value) } }
    func record(_ value: Double) { stored.withLock { $0 = value } }
    func recordNanoseconds(_ duration: Int64) { stored.withLock { $0 = Double(duration) } }
}
