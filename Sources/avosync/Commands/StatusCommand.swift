import ArgumentParser
import Foundation
import Projection
import SyncModel

/// `avosync status`: per account, the connection, settings, contacts, links, pending work, the
/// dispatcher's state and lag, and errors.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Per account: connection, effective settings, contacts, links, pending, parked and dead-lettered events, state (running, paused until, blocked, failing), lag in events and seconds, last error."
    )

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Only this account.") var account: String?
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        try validateIdentifier(account, option: "account")
    }

    func run() throws {
        try running("status") {
            let result = try ProjectionLoader.loadReporting(
                try data.existingLayout(command: "status"),
                command: "status"
            )
            let state = result.state
            let names = account.map { [$0] } ?? state.accounts.keys.sorted()
            let layout = try data.existingLayout(command: "status")
            let connected = names.filter { state.account($0).connection != nil }
            let waiting = try PendingAges.oldest(in: layout, state: state, accounts: connected)
            let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
            let lags = waiting.mapValues { Double(max(0, now - $0)) / 1_000_000 }
            if let account, state.accounts[account] == nil {
                printError("avosync status: note: account \(account) has no events yet")
            }
            if json {
                printJSON(
                    .object([
                        JSONMember("events_next_offset", .integer(Int64(state.eventsNextOffset))),
                        JSONMember("sync_next_offset", .integer(Int64(state.syncNextOffset))),
                        JSONMember("unknown_records", .integer(Int64(state.unknownRecords))),
                        JSONMember("snapshot", .optional(result.startedFrom?.path)),
                        JSONMember(
                            "accounts",
                            .array(names.map { accountJSON($0, state.account($0), state, lagSeconds: lags[$0]) })
                        ),
                    ])
                )
                return
            }
            print(
                "events log: next offset \(state.eventsNextOffset); sync log: next offset \(state.syncNextOffset); \(state.accounts.count) account\(state.accounts.count == 1 ? "" : "s")"
            )
            if state.unknownRecords > 0 {
                print("\(state.unknownRecords) records were written by a newer avosync and are kept uninterpreted")
            }
            for name in names { printAccount(name, state.account(name), state, lagSeconds: lags[name]) }
        }
    }

    private func lag(_ account: AccountState, _ state: ProjectionState) -> UInt64 {
        state.eventsNextOffset - min(state.eventsNextOffset, account.checkpoint?.nextOffset ?? 0)
    }

    private func accountJSON(
        _ name: String,
        _ account: AccountState,
        _ state: ProjectionState,
        lagSeconds: Double?
    ) -> JSONValue {
        let status = LaneStatus(account)
        return .object([
            JSONMember("account", .string(name)),
            JSONMember("connection", AccountReports.connectionJSON(account)),
            JSONMember("settings", AccountReports.settingsJSON(account)),
            JSONMember("custom_fields", AccountReports.customFieldsJSON(account)),
            JSONMember("events", .integer(Int64(account.events))),
            JSONMember("activities", .integer(Int64(account.activities))),
            JSONMember("contacts", .integer(Int64(account.contacts.count))),
            JSONMember("links", .integer(Int64(account.linkCount))),
            JSONMember("pending_events", .integer(Int64(account.pendingEvents))),
            JSONMember("parked_events", .integer(Int64(account.parked.count))),
            JSONMember("dead_letters", .integer(Int64(account.deadLetters.count))),
            JSONMember("checkpoint", account.checkpoint.map { .integer(Int64($0.nextOffset)) } ?? .null),
            JSONMember("lag_offsets", .integer(Int64(lag(account, state)))),
            JSONMember("state", .string(status.name)),
            JSONMember("lag_events", .integer(Int64(account.connection == nil ? 0 : account.pendingEvents))),
            JSONMember("lag_seconds", lagSeconds.map { .number(($0 * 1000).rounded() / 1000) } ?? .integer(0)),
            JSONMember("blocked", .optional(account.blockedReason)),
            JSONMember("paused", .optional(account.pausedReason)),
            JSONMember("paused_until", .optional(account.pausedUntil?.description)),
            JSONMember("failing", .optional(account.failure?.reason)),
            JSONMember("failing_since", .optional(account.failure?.since.description)),
            JSONMember("retry_at", .optional(account.failure?.retryAt?.description)),
            JSONMember("last_error", .optional(account.lastError)),
        ])
    }

    private func printAccount(_ name: String, _ account: AccountState, _ state: ProjectionState, lagSeconds: Double?) {
        print("")
        print("account \(name)")
        print("  connection      \(AccountReports.connectionText(account))")
        print("  state           \(LaneStatus(account).text)")
        if account.connection != nil {
            let age = lagSeconds.map { String(format: ", the oldest appended %.1f seconds ago", $0) } ?? " (caught up)"
            print("  lag             \(account.pendingEvents) events" + age)
        }
        for line in AccountReports.settingsLines(account) { print("  setting  " + line) }
        print(
            "  custom fields   \(account.customFields.count) (\(account.customFields.values.filter { $0.salesforceField != nil }.count) mapped)"
        )
        print("  events          \(account.events) (\(account.activities) calls, texts and notes)")
        print("  contacts        \(account.contacts.count), \(account.linkCount) linked")
        print(
            "  pending         \(account.pendingEvents) events; parked \(account.parked.count); dead letters \(account.deadLetters.count)"
        )
        let checkpoint = account.checkpoint.map { "next offset \($0.nextOffset)" } ?? "none (nothing dispatched yet)"
        print("  checkpoint      \(checkpoint); lag \(lag(account, state)) offsets")
        if let reason = account.blockedReason { print("  BLOCKED         \(reason)") }
        if let reason = account.pausedReason {
            print("  PAUSED          " + (account.pausedUntil.map { "until \($0): " } ?? "") + reason)
        }
        if let failure = account.failure {
            print("  FAILING         since \(failure.since): \(failure.reason)")
        }
        print("  last error      \(account.lastError ?? "none")")
    }
}
