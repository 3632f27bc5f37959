import CoreMetrics
import Foundation

/// The dispatcher's figures for the whole events log, reported through swift-metrics (which
/// `sync --metrics-listen` exports in Prometheus form; without a backend they cost next to
/// nothing). Names follow Prometheus' conventions. Per-account figures are `AccountMetrics`, kept
/// by each lane; per-org ones are `OrgMetrics` and `RequestCounter`, kept by the org registry.
struct DispatchMetrics {
    /// Events appended to the events log, as the dispatcher has seen the log grow.
    let eventsAppended = Counter(label: "avosync_events_appended_total")
    /// The events log's next offset.
    let logEnd = Gauge(label: "avosync_events_log_end_offset")
    /// The first events-log offset the slowest lane has not answered.
    let position = Gauge(label: "avosync_dispatcher_position_offset")
    /// Events appended but not yet answered by the slowest lane.
    let lagEvents = Gauge(label: "avosync_lag_events")
    /// How long the oldest event in a lane's hands has waited since its append; 0 once every lane
    /// is caught up.
    let lagSeconds = Gauge(label: "avosync_lag_seconds")
    /// Lanes with Salesforce work in flight, and lanes waiting for a slot.
    let lanesRunning = Gauge(label: "avosync_lanes_in_flight")
    let lanesWaiting = Gauge(label: "avosync_lanes_waiting")
    /// Events read ahead for lanes, and lanes reading the log for themselves.
    let buffered = Gauge(label: "avosync_events_buffered")
    let lanesDetached = Gauge(label: "avosync_lanes_reading_alone")
    /// The highest log end already counted in `eventsAppended`.
    private var countedEnd: UInt64 = 0

    /// The log has reached `end`, and the slowest lane answers from `position`.
    mutating func log(end: UInt64, position: UInt64) {
        let end = max(end, position)
        if end > countedEnd {
            eventsAppended.increment(by: Int64(end - countedEnd))
            countedEnd = end
        }
        logEnd.record(Int64(end))
        self.position.record(Int64(position))
        lagEvents.record(Int64(end - position))
    }

    /// The oldest event in hand was appended at `appendedAt` (microseconds since 1970), or none is.
    func lag(since appendedAt: Int64?) {
        guard let appendedAt else { return lagSeconds.record(0) }
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        lagSeconds.record(Double(max(0, now - appendedAt)) / 1_000_000)
    }
}
