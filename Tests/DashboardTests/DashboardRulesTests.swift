import CoreMetrics
import Foundation
import Projection
import Reports
import SyncModel
import Testing

@testable import Dashboard

/// The dashboard's rules that need no running service: ordering, filters, charts and the
/// metrics history.
@Suite("Dashboard: rules")
struct DashboardRulesTests {
    private static func status(
        _ name: String,
        pending: UInt64 = 0,
        lagSeconds: Double? = nil,
        configure: (inout AccountState) -> Void = { _ in }
    ) -> AccountStatus {
        var account = AccountState()
        account.connection = SalesforceConnection(environment: .production, instanceURL: "https://x.example")
        account.events = pending
        configure(&account)
        return AccountStatus(
            name: name,
            account: account,
            state: ProjectionState(),
            lagSeconds: lagSeconds,
            now: EventTime(seconds: 0)
        )
    }

    @Test("problems first: accounts that fail, pause, block or hold dead letters lead, each group by lag")
    func problemsFirst() {
        let accounts = [
            Self.status("calm", pending: 5, lagSeconds: 50),
            Self.status("failing") {
                $0.failure = LaneFailure(reason: "no answer", since: EventTime(seconds: 0), retryAt: nil)
            },
            Self.status("late", pending: 9, lagSeconds: 90),
            Self.status("dead") {
                $0.deadLetters[3] = DeadLetter(
                    contact: "c",
                    at: EventTime(seconds: 0),
                    failure: SalesforceFailure(errorCode: "STRING_TOO_LONG", message: "too long", fields: [])
                )
            },
            Self.status("paused", pending: 1, lagSeconds: 10) { $0.pausedReason = "allowance" },
        ]
        #expect(
            OverviewPage.sorted(accounts, by: .problems).map(\.name) == ["paused", "dead", "failing", "late", "calm"]
        )
        #expect(OverviewPage.sorted(accounts, by: .lag).map(\.name) == ["late", "calm", "paused", "dead", "failing"])
        #expect(
            OverviewPage.sorted(accounts, by: .account).map(\.name) == ["calm", "dead", "failing", "late", "paused"]
        )
    }

    @Test("the log page refuses the filters log refuses, naming the field")
    func logFiltersAreChecked() {
        func problem(_ edit: (inout LogPage.Filters) -> Void) -> String? {
            var filters = LogPage.Filters()
            edit(&filters)
            do {
                _ = try filters.auditQuery()
                return nil
            } catch {
                return error.message
            }
        }
        #expect(problem { $0.types = ["call.made"] }?.hasPrefix("type: unknown type 'call.made'") == true)
        #expect(problem { $0.types = ["sync.linked"] }?.hasPrefix("type:") == true)
        #expect(
            problem {
                $0.types = ["sync.linked"]
                $0.sync = true
            } == nil
        )
        #expect(problem { $0.since = "yesterday" }?.hasPrefix("since:") == true)
        #expect(problem { $0.until = "2026-13-01T00:00:00Z" }?.hasPrefix("until:") == true)
        #expect(problem { $0.from = "-1" }?.hasPrefix("from:") == true)
        var filters = LogPage.Filters()
        filters.account = "a b"
        filters.types = ["text.logged"]
        filters.from = "7"
        #expect(filters.query == "account=a%20b&type=text.logged&from=7")
        #expect((try? filters.auditQuery())?.fromOffset == 7)
    }

    @Test("a counter's chart is its rate per minute between samples; a gauge's is its levels")
    func chartsFromSamples() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let samples = [(0.0, 0.0), (30, 10), (90, 10), (150, 40)].map {
            MetricsHistory.Sample(at: start.addingTimeInterval($0.0), value: $0.1)
        }
        let rate = LineChart.ratePerMinute(id: "r", title: "Events dispatched per minute", unit: "events", samples)
        #expect(rate.points.map(\.value) == [20, 0, 30])
        let levels = LineChart.levels(id: "l", title: "Lag", unit: "events", samples)
        #expect(levels.points.map(\.value) == [0, 10, 10, 40])
        #expect(levels.svg.contains("<polyline"))
        #expect(levels.svg.contains("<title id=\"l-title\">Lag</title>"))
        #expect(levels.description.contains("now 40 events, highest 40"))
    }

    @Test("a chart with no samples says so, and a title with markup stays text")
    func emptyAndEscapedCharts() {
        let chart = LineChart(id: "e", title: "<b>Lag</b> & more", unit: "events", points: [])
        #expect(chart.svg.contains("no samples yet"))
        #expect(!chart.svg.contains("<polyline"))
        #expect(chart.svg.contains("&lt;b&gt;Lag&lt;/b&gt; &amp; more"))
        #expect(!chart.svg.contains("<b>"))
    }

    @Test("the metrics history keeps the charted series, one sample per call, at most its capacity")
    func historyIsBounded() {
        let history = MetricsHistory(interval: .seconds(1), capacity: 3)
        let dispatched = history.makeCounter(label: "avosync_events_dispatched_total", dimensions: [("account", "a")])
        let other = history.makeCounter(label: "avosync_not_charted_total", dimensions: [("account", "a")])
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for step in 0..<5 {
            dispatched.increment(by: 2)
            other.increment(by: 1)
            history.sample(at: start.addingTimeInterval(Double(step)))
        }
        let samples = history.history("avosync_events_dispatched_total", ("account", "a"))
        #expect(samples.map(\.value) == [6, 8, 10])
        #expect(history.history("avosync_not_charted_total", ("account", "a")).isEmpty)
        #expect(history.current("avosync_not_charted_total", ("account", "a")) == 5)
    }

    @Test("after signing in, a browser goes on only to a dashboard path")
    func nextStaysOnTheDashboard() {
        #expect(Dashboard.safeNext("/ui/log?account=a") == "/ui/log?account=a")
        for next in [nil, "", "/v1/events", "//evil.example/ui", "https://evil.example/ui", "/ui\\x"] {
            #expect(Dashboard.safeNext(next) == "/ui/", "\(String(describing: next))")
        }
    }
}
