import ArgumentParser
import Dispatcher
import EventLog
import Foundation
import Projection
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
            var letters: [(account: String, offset: UInt64, letter: DeadLetter)] = []
            for name in names {
                for (offset, letter) in state.account(name).deadLetters.sorted(by: { $0.key < $1.key }) {
                    letters.append((name, offset, letter))
                }
            }
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
                            .array(
                                letters.map {
                                    .object([
                                        JSONMember("account", .string($0.account)),
                                        JSONMember("offset", .integer(Int64($0.offset))),
                                        JSONMember("contact", .optional($0.letter.contact)),
                                        JSONMember("at", .string($0.letter.at.description)),
                                        JSONMember("error_code", .string($0.letter.failure.errorCode)),
                                        JSONMember("message", .string($0.letter.failure.message)),
                                        JSONMember("fields", .array($0.letter.failure.fields.map { .string($0) })),
                                    ])
                                }
                            )
                        ),
                    ])
                )
                return
            }
            if letters.isEmpty { print("no dead letters") }
            for letter in letters {
                let fields =
                    letter.letter.failure.fields.isEmpty
                    ? "" : " [\(letter.letter.failure.fields.joined(separator: ", "))]"
                print(
                    "\(letter.account) offset \(letter.offset) contact \(letter.letter.contact ?? "-"): \(letter.letter.failure.errorCode): \(letter.letter.failure.message)\(fields)"
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
