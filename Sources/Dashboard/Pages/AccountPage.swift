import Foundation
import Projection
import Reports
import SyncModel

/// One account: its state, charts, dead letters, recent outcomes, settings and mappings.
enum AccountPage {
    /// Outcomes shown, at most.
    static let recentOutcomes = 20
    /// How far back in the events log recent outcomes are looked for.
    static let outcomeWindow: UInt64 = 5_000

    /// The account's recent outcomes, newest first: those recorded since the event
    /// `outcomeWindow` before the end of the events log was appended.
    static func outcomes(_ layout: DataLayout, account: String, state: ProjectionState) throws -> [AuditEntry] {
        var query = AuditQuery()
        query.account = account
        query.includeSync = true
        query.types = Set(OutcomeKind.allTypeNames)
        query.fromOffset = state.eventsNextOffset - min(state.eventsNextOffset, outcomeWindow)
        let reader = try AuditReader(layout: layout, query: query)
        var kept: [AuditEntry] = []
        while let entry = try reader.next() {
            kept.append(entry)
            if kept.count > recentOutcomes { kept.removeFirst() }
        }
        return kept.reversed()
    }

    static func context(
        _ status: AccountStatus,
        in state: ProjectionState,
        outcomes: [AuditEntry],
        history: MetricsHistory?
    ) -> [String: Any] {
        let account = status.account
        let path = urlComponent(status.name)
        var context: [String: Any] = [
            "name": status.name,
            "path": path,
            "state": status.lane.name,
            "connection": AccountReports.connectionText(account),
            "target": account.settings.syncObject.description,
            "phoneField": account.settings.phoneField.description,
            "lagEvents": status.lagEvents,
            "settings": AccountReports.settings(account).map { setting in
                var row: [String: Any] = [
                    "name": setting.name.rawValue, "value": setting.text, "isDefault": setting.changedAtOffset == nil,
                    "accountPath": path,
                ]
                row["offset"] = setting.changedAtOffset
                return row
            },
            "customFields": account.customFields.values.sorted { $0.key < $1.key }.map { field in
                var row: [String: Any] = [
                    "key": field.key, "label": field.label, "direction": field.direction.rawValue,
                ]
                row["field"] = field.salesforceField
                return row
            },
            "deadLetters": DeadLetterRow.list(state, accounts: [status.name]).map { row in
                var entry: [String: Any] = [
                    "offset": row.offset, "at": row.letter.at.description, "code": row.letter.failure.errorCode,
                    "message": row.letter.failure.message, "fields": row.letter.failure.fields.joined(separator: ", "),
                    "accountPath": path,
                ]
                entry["contact"] = row.letter.contact
                entry["contactPath"] = row.letter.contact.map(urlComponent)
                return entry
            },
            "outcomes": outcomes.map { entry in
                var row: [String: Any] = [
                    "offset": entry.offset, "at": entry.at?.description ?? "-", "type": entry.typeName,
                    "summary": entry.summary, "accountPath": path,
                ]
                row["contact"] = entry.contact
                row["contactPath"] = entry.contact.map(urlComponent)
                return row
            },
            "charts": charts(status.name, history).map { ["title": $0.title, "svg": $0.svg] },
        ]
        context["stateDetail"] = status.lane.text == status.lane.name ? nil : status.lane.text
        context["dispatching"] = history != nil
        context["sampling"] = history.map(samplingText)
        context["lagSeconds"] = status.lagSeconds.map { _ in status.lagSecondsJSON.jsonText }
        context["lastError"] = account.lastError
        return context
    }

    /// How often the charts are sampled and how far back they go, in words.
    static func samplingText(_ history: MetricsHistory) -> String {
        let seconds =
            Double(history.interval.components.seconds)
            + Double(history.interval.components.attoseconds) / 1e18
        let span = seconds * Double(history.capacity)
        let every =
            seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0
            ? "\(Int(seconds / 60)) minute" + (seconds == 60 ? "" : "s") : "\(LineChart.number(seconds)) seconds"
        let kept = span >= 3600 ? "\(LineChart.number(span / 3600)) hours" : "\(LineChart.number(span / 60)) minutes"
        return
            "One sample every \(every) while this process runs, the last \(kept) of them kept; rates are per minute between samples."
    }

    /// Lag, events dispatched and API calls over the history this process keeps.
    static func charts(_ account: String, _ history: MetricsHistory?) -> [LineChart] {
        let dimension = ("account", account)
        let samples = { (label: String) in history?.history(label, dimension) ?? [] }
        return [
            .levels(
                id: "lag",
                title: "Lag: events waiting",
                unit: "events",
                samples("avosync_account_pending_events")
            ),
            .ratePerMinute(
                id: "dispatched",
                title: "Events dispatched per minute",
                unit: "events a minute",
                samples("avosync_events_dispatched_total")
            ),
            .ratePerMinute(
                id: "api-calls",
                title: "Salesforce API calls per minute",
                unit: "calls a minute",
                samples("avosync_salesforce_requests_total")
            ),
        ]
    }
}
