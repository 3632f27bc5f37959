import ArgumentParser
import Dispatcher
import EventLog
import Foundation
import Projection
import Reports
import SyncModel

/// `avosync deadletters`: events Salesforce refused for good, and a way to queue them again.
struct DeadLettersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadletters",
        abstract: "List dead-lettered events with Salesforce's reason; --redrive queues them again.",
        discussion: """
            --redrive appends a re-drive outcome for each listed dead letter; the next sync \
            dispatches those events again, with the account's current links and settings. It needs \
            the sync log, so it waits for no running sync --follow: stop that first.
            """
    )

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Only this account.") var account: String?
    @Flag(help: "Queue the dead letters again.") var redrive = false
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        try validateIdentifier(account, option: "account")
    }

    func run() throws {
        try running("deadletters") {
            let layout = try data.existingLayout(command: "deadletters")
            let state = try ProjectionLoader.loadReporting(layout, command: "deadletters").state
            let names = account.map { [$0] } ?? state.accounts.keys.sorted()
            let letters = DeadLetterRow.list(state, accounts: names)
            if redrive, !letters.isEmpty {
                let writer = try LogWriter(directory: layout.sync)
                defer { try? writer.close() }
                let now = EventTime.now
                _ = try writer.append(
                    contentsOf: letters.map {
                        StoredEncoding.encode(
                            Outcome(
                                account: $0.account,
                                at: now,
                                eventOffset: $0.offset,
                                contact: $0.letter.contact,
                                kind: .redriven
                            )
                        )
                    }
                )
            }
            if json {
                printJSON(
                    .object([
                        JSONMember("redriven", .bool(redrive)),
                        JSONMember(
                            "dead_letters",
                            .array(letters.map(\.json))
                        ),
                    ])
                )
                return
            }
            if letters.isEmpty { print("no dead letters") }
            for row in letters {
                let failure = row.letter.failure
                print(
                    "\(row.account) offset \(row.offset) contact \(row.letter.contact ?? "-"): \(failure.errorCode): \(failure.message)\(row.fieldsText)"
                )
            }
            if redrive, !letters.isEmpty {
                print(
                    "queued \(letters.count) dead letter\(letters.count == 1 ? "" : "s") again; run avosync sync to dispatch them"
                )
            }
        }
    }
}
