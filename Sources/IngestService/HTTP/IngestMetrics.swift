import CoreMetrics

/// The service's own figures, under the metrics system the process bootstrapped (Prometheus
/// with `--metrics-listen`).
struct IngestMetrics: Sendable {
    let appended = Counter(label: "avosync_ingest_events_total", dimensions: [("result", "appended")])
    let duplicates = Counter(label: "avosync_ingest_events_total", dimensions: [("result", "duplicate")])
    let invalid = Counter(label: "avosync_ingest_events_total", dimensions: [("result", "invalid")])
    let duration = Timer(label: "avosync_ingest_request_duration_seconds")

    /// Counts an answered request by its status code.
    func answered(_ status: Int) {
        Counter(label: "avosync_ingest_requests_total", dimensions: [("status", String(status))]).increment()
    }
}
