import CoreMetrics
import Foundation
import SalesforceClient

/// The dispatcher's figures, reported through swift-metrics (which `sync --metrics-listen` exports
/// in Prometheus form; without a backend they cost next to nothing). Names follow Prometheus'
/// conventions; per-account figures carry an `account` label.
struct DispatchMetrics {
    /// Events appended to the events log, as the dispatcher has seen the log grow.
    let eventsAppended = Counter(label: "avosync_events_appended_total")
    /// The events log's next offset.
    let logEnd = Gauge(label: "avosync_events_log_end_offset")
    /// The next events-log offset the dispatcher reads.
    let position = Gauge(label: "avosync_dispatcher_position_offset")
    /// Events appended but not yet read by the dispatcher.
    let lagEvents = Gauge(label: "avosync_lag_events")
    /// How long the oldest event of the last batch waited from its append until its outcomes
    /// were durable; 0 once the dispatcher is caught up.
    let lagSeconds = Gauge(label: "avosync_lag_seconds")
    private var outcomes: [String: Counter] = [:]
    private var accounts: [String: AccountMetrics] = [:]
    /// The highest log end already counted in `eventsAppended`.
    private var countedEnd: UInt64 = 0

    /// The log has reached `end`, and the dispatcher reads at `position`.
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

    mutating func outcome(_ typeName: String) {
        let counter = outcomes[typeName] ?? Counter(label: "avosync_outcomes_total", dimensions: [("type", typeName)])
        outcomes[typeName] = counter
        counter.increment()
    }

    mutating func dispatched(_ count: UInt64, account name: String) {
        account(name).dispatched.increment(by: Int64(count))
    }

    private mutating func account(_ name: String) -> AccountMetrics {
        if let known = accounts[name] { return known }
        let made = AccountMetrics(name)
        accounts[name] = made
        return made
    }

    mutating func update(_ name: String, _ body: (inout AccountMetrics) -> Void) {
        var metrics = account(name)
        body(&metrics)
        accounts[name] = metrics
    }
}

/// One account's figures.
struct AccountMetrics {
    let dispatched: Counter
    let pending: Gauge
    let parked: Gauge
    let deadLetters: Gauge
    let blocked: Gauge
    let paused: Gauge
    let apiUsed: Gauge
    let apiLimit: Gauge
    let apiRemaining: Gauge
    let requests: Counter
    let retries: Counter
    /// The client's totals when last reported, to count what is new.
    var reportedRequests = 0
    var reportedRetries = 0

    init(_ account: String) {
        let label = [("account", account)]
        dispatched = Counter(label: "avosync_events_dispatched_total", dimensions: label)
        pending = Gauge(label: "avosync_account_pending_events", dimensions: label)
        parked = Gauge(label: "avosync_account_parked_events", dimensions: label)
        deadLetters = Gauge(label: "avosync_account_dead_letters", dimensions: label)
        blocked = Gauge(label: "avosync_account_blocked", dimensions: label)
        paused = Gauge(label: "avosync_account_paused", dimensions: label)
        apiUsed = Gauge(label: "avosync_salesforce_api_requests_used", dimensions: label)
        apiLimit = Gauge(label: "avosync_salesforce_api_requests_limit", dimensions: label)
        apiRemaining = Gauge(label: "avosync_salesforce_api_requests_remaining", dimensions: label)
        requests = Counter(label: "avosync_salesforce_requests_total", dimensions: label)
        retries = Counter(label: "avosync_salesforce_retries_total", dimensions: label)
    }

    /// The org's API usage from the last `Sforce-Limit-Info`, and the client's new requests and retries.
    mutating func client(usage: APIUsage?, requestsSent: Int, retried: Int) {
        if let usage {
            apiUsed.record(usage.used)
            apiLimit.record(usage.limit)
            apiRemaining.record(max(0, usage.limit - usage.used))
        }
        // A new client (after a reconnect) starts counting from zero again.
        if requestsSent < reportedRequests { reportedRequests = 0 }
        if retried < reportedRetries { reportedRetries = 0 }
        requests.increment(by: requestsSent - reportedRequests)
        retries.increment(by: retried - reportedRetries)
        reportedRequests = requestsSent
        reportedRetries = retried
    }
}
