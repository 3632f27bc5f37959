import CoreMetrics
import Projection
import SalesforceClient

/// One account's figures, kept by its lane. Requests and retries per account are counted where
/// requests are sent (`RequestCounter`).
struct AccountMetrics {
    let dispatched: Counter
    let pending: Gauge
    let parked: Gauge
    let deadLetters: Gauge
    let blocked: Gauge
    let paused: Gauge
    let failing: Gauge
    let apiUsed: Gauge
    let apiLimit: Gauge
    let apiRemaining: Gauge
    private var outcomes: [String: Counter] = [:]

    init(_ account: String) {
        let label = [("account", account)]
        dispatched = Counter(label: "avosync_events_dispatched_total", dimensions: label)
        pending = Gauge(label: "avosync_account_pending_events", dimensions: label)
        parked = Gauge(label: "avosync_account_parked_events", dimensions: label)
        deadLetters = Gauge(label: "avosync_account_dead_letters", dimensions: label)
        blocked = Gauge(label: "avosync_account_blocked", dimensions: label)
        paused = Gauge(label: "avosync_account_paused", dimensions: label)
        failing = Gauge(label: "avosync_account_failing", dimensions: label)
        apiUsed = Gauge(label: "avosync_salesforce_api_requests_used", dimensions: label)
        apiLimit = Gauge(label: "avosync_salesforce_api_requests_limit", dimensions: label)
        apiRemaining = Gauge(label: "avosync_salesforce_api_requests_remaining", dimensions: label)
    }

    /// The account's state as the lane holds it, whether it is held back by its org's pause, and
    /// its org's API usage.
    func report(_ state: AccountState, paused isPaused: Bool, usage: APIUsage?) {
        pending.record(state.pendingEvents)
        parked.record(state.parked.count)
        deadLetters.record(state.deadLetters.count)
        blocked.record(state.blockedReason == nil ? 0 : 1)
        paused.record(isPaused ? 1 : 0)
        failing.record(state.failure == nil ? 0 : 1)
        if let usage {
            apiUsed.record(usage.used)
            apiLimit.record(usage.limit)
            apiRemaining.record(usage.remaining)
        }
    }

    /// Counts an outcome by its type (`avosync_outcomes_total{type}`, summed over accounts).
    mutating func outcome(_ typeName: String) {
        let counter = outcomes[typeName] ?? Counter(label: "avosync_outcomes_total", dimensions: [("type", typeName)])
        outcomes[typeName] = counter
        counter.increment()
    }
}
