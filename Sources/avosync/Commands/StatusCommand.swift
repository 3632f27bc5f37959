import ArgumentParser
import Foundation
import Projection
import Reports
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
            let layout = try data.existingLayout(command: "status")
            let result = try ProjectionLoader.loadReporting(layout, command: "status")
            let report = try StatusReport(
                layout: layout,
                state: result.state,
                names: account.map { [$0] } ?? result.state.accounts.keys.sorted()
            )
            if let account, result.state.accounts[account] == nil {
                printError("avosync status: note: account \(account) has no events yet")
            }
            if json {
                printJSON(report.json(snapshot: result.startedFrom?.path))
                return
            }
            let state = report.state
            print(
                "events log: next offset \(state.eventsNextOffset); sync log: next offset \(state.syncNextOffset); \(state.accounts.count) account\(state.accounts.count == 1 ? "" : "s")"
            )
            if state.unknownRecords > 0 {
                print("\(state.unknownRecords) records were written by a newer avosync and are kept uninterpreted")
            }
            for status in report.accounts { printAccount(status) }
        }
    }

    private func printAccount(_ status: AccountStatus) {
        let account = status.account
        print("")
        print("account \(status.name)")
        print("  connection      \(AccountReports.connectionText(account))")
        print("  state           \(status.lane.text)")
        if account.connection != nil {
            let age =
                status.lagSeconds.map { String(format: ", the oldest appended %.1f seconds ago", $0) } ?? " (caught up)"
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
        print("  checkpoint      \(checkpoint); lag \(status.lagOffsets) offsets")
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
