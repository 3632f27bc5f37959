import Demo
import Dispatcher
import Foundation
import Projection
import SyncModel

/// How `avosync demo` shows its report: text for a reader, or one JSON document.
enum DemoOutput {
    static func text(_ report: DemoReport, data: String, audit: [AuditEntry]) -> String {
        var out = "avosync demo: the standard org served at \(report.emulatorURL) by this process; data in \(data)\n"
        for result in report.scenarios {
            let plan = result.scenario.plan
            out +=
                "\n\(result.scenario.name): \(plan.rule) [\(result.differences.isEmpty ? "as expected" : "NOT as expected")]\n"
            out += wrapped(plan.story, indent: "  ")
            for contact in result.observation.contacts {
                out += "  \(contact.account)/\(contact.contact) -> "
                guard let record = contact.record else {
                    out += "not linked\n"
                    continue
                }
                out += "\(record.object) \(record.id) (\(record.how.replacingOccurrences(of: "_", with: " ")))\n"
                let fields = record.fields.compactMap { field in field.value.map { "\(field.name)=\($0)" } }
                out += "      fields: \(fields.isEmpty ? "none" : fields.joined(separator: ", "))\n"
                if !record.skipped.isEmpty {
                    out +=
                        "      skipped: "
                        + record.skipped.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(
                            separator: ", "
                        ) + "\n"
                }
                out +=
                    "      Tasks: "
                    + (record.tasks.isEmpty
                        ? "none" : record.tasks.map { "\($0.subject) [\($0.status)]" }.joined(separator: ", ")) + "\n"
            }
            for account in result.observation.accounts {
                out += "  account \(account.account) (\(account.environment ?? "not connected")): "
                if let parked = account.parkedAfterFirstSync { out += "\(parked) parked after the first sync, " }
                out += "\(account.parked.count) parked, \(account.deadLetters.count) dead letters\n"
                for parked in account.parked {
                    out += "      parked offset \(parked.offset) (\(parked.contact ?? "-")): \(parked.reason)\n"
                }
                for letter in account.deadLetters {
                    out +=
                        "      dead letter offset \(letter.offset) (\(letter.contact ?? "-")): \(letter.errorCode) \(letter.message)\n"
                }
            }
            for difference in result.differences { out += "  DIFFERS: \(difference)\n" }
        }
        out +=
            "\nAudit trail: both logs in append order (sync log offsets start with s); `avosync log --sync` shows it again\n"
        out += AuditTable.header + "\n"
        for entry in audit { out += AuditTable.row(entry) + "\n" }
        let expected = report.scenarios.filter(\.differences.isEmpty).count
        let requests = report.syncs.map(\.apiRequests).reduce(0, +)
        out += """

            \(expected) of \(report.scenarios.count) scenarios as expected; \(report.eventsAppended) events appended, \
            \(report.syncs.count) sync runs, \(requests) Salesforce requests by the dispatcher, \
            \(String(format: "%.1f", seconds(report.elapsed))) s
            Explore: avosync status --data \(data)    avosync log --sync --data \(data) --account quiet-bakery

            """
        return out
    }

    static func json(_ report: DemoReport, data: String, audit: [AuditEntry]) -> JSONValue {
        .object([
            JSONMember("emulator", .string(report.emulatorURL)),
            JSONMember("data", .string(data)),
            JSONMember("as_expected", .bool(report.allAsExpected)),
            JSONMember("events_appended", .integer(Int64(report.eventsAppended))),
            JSONMember(
                "syncs",
                .array(
                    report.syncs.map { sync in
                        .object([
                            JSONMember("dispatched", .integer(Int64(sync.dispatched))),
                            JSONMember("outcomes", .integer(Int64(sync.outcomes))),
                            JSONMember("api_requests", .integer(Int64(sync.apiRequests))),
                            JSONMember("retries", .integer(Int64(sync.retries))),
                            JSONMember("caught_up", .bool(sync.caughtUp)),
                        ])
                    }
                )
            ),
            JSONMember("scenarios", .array(report.scenarios.map(scenario))),
            JSONMember("audit", .array(audit.map(\.jsonObject))),
            JSONMember("elapsed_seconds", .number(seconds(report.elapsed))),
        ])
    }

    private static func scenario(_ result: ScenarioResult) -> JSONValue {
        .object([
            JSONMember("name", .string(result.scenario.name)),
            JSONMember("rule", .string(result.scenario.plan.rule)),
            JSONMember("as_expected", .bool(result.differences.isEmpty)),
            JSONMember("differences", .array(result.differences.map { .string($0) })),
            JSONMember("accounts", .array(result.observation.accounts.map(account))),
            JSONMember("contacts", .array(result.observation.contacts.map(contact))),
        ])
    }

    private static func account(_ account: AccountObservation) -> JSONValue {
        .object([
            JSONMember("account", .string(account.account)),
            JSONMember("environment", .optional(account.environment)),
            JSONMember(
                "parked",
                .array(
                    account.parked.map {
                        .object([
                            JSONMember("offset", .integer(Int64($0.offset))),
                            JSONMember("contact", .optional($0.contact)),
                            JSONMember("reason", .string($0.reason)),
                        ])
                    }
                )
            ),
            JSONMember(
                "dead_letters",
                .array(
                    account.deadLetters.map {
                        .object([
                            JSONMember("offset", .integer(Int64($0.offset))),
                            JSONMember("contact", .optional($0.contact)),
                            JSONMember("error_code", .string($0.errorCode)),
                            JSONMember("message", .string($0.message)),
                        ])
                    }
                )
            ),
            JSONMember("parked_after_first_sync", account.parkedAfterFirstSync.map { .integer(Int64($0)) } ?? .null),
            JSONMember("blocked", .optional(account.blockedReason)),
        ])
    }

    private static func contact(_ contact: ContactObservation) -> JSONValue {
        .object([
            JSONMember("account", .string(contact.account)),
            JSONMember("contact", .string(contact.contact)),
            JSONMember("record", contact.record.map(record) ?? .null),
        ])
    }

    private static func record(_ record: LinkedRecord) -> JSONValue {
        .object([
            JSONMember("object", .string(record.object)),
            JSONMember("id", .string(record.id)),
            JSONMember("how", .string(record.how)),
            JSONMember("fields", .object(record.fields.map { JSONMember($0.name, .optional($0.value)) })),
            JSONMember(
                "tasks",
                .array(
                    record.tasks.map {
                        .object([
                            JSONMember("id", .string($0.id)),
                            JSONMember("subject", .string($0.subject)),
                            JSONMember("status", .string($0.status)),
                            JSONMember("is_closed", .bool($0.isClosed)),
                            JSONMember("event_id", .optional($0.eventID)),
                        ])
                    }
                )
            ),
            JSONMember(
                "skipped",
                .object(record.skipped.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) })
            ),
        ])
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// `text` in lines of at most 100 characters, each starting with `indent`.
    private static func wrapped(_ text: String, indent: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + word.count + 1 > 100 - indent.count {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { indent + $0 + "\n" }.joined()
    }
}
