import ArgumentParser
import Foundation
import Projection
import SyncModel

/// `avosync replay`: rebuilds the projection from the logs alone and writes a fresh snapshot.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the projection from the logs (ignoring snapshots), write a fresh snapshot, print a summary."
    )

    @OptionGroup var data: DataDirectoryOption

    @Flag(help: "Print the summary as one JSON document.")
    var json = false

    func run() throws {
        try running("replay") {
            let layout = try data.existingLayout(command: "replay")
            var loader = ProjectionLoader(layout: layout)
            loader.useSnapshots = false
            let progress = ProgressLine("folded records")
            // Only a terminal shows the bar; counting the records reads batch headers only.
            let total = progress.isShown ? try? DataDirectoryOption.recordCount(layout) : nil
            loader.progress = { progress.update($0, of: total) }
            let started = ContinuousClock.now
            let result = try loader.load()
            progress.finish()
            let snapshot = try SnapshotStore(layout: layout).save(result.state)
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let state = result.state
            let contacts = state.accounts.values.reduce(0) { $0 + $1.contacts.count }
            let links = state.accounts.values.reduce(0) { $0 + $1.linkCount }
            let rate = Int(Double(result.foldedEvents + result.foldedOutcomes) / max(seconds, 1e-6))
            if json {
                printJSON(
                    .object([
                        JSONMember("events", .integer(Int64(result.foldedEvents))),
                        JSONMember("outcomes", .integer(Int64(result.foldedOutcomes))),
                        JSONMember("unknown_records", .integer(Int64(state.unknownRecords))),
                        JSONMember("accounts", .integer(Int64(state.accounts.count))),
                        JSONMember("contacts", .integer(Int64(contacts))),
                        JSONMember("links", .integer(Int64(links))),
                        JSONMember("seconds", .number(seconds)),
                        JSONMember("records_per_second", .integer(Int64(rate))),
                        JSONMember("snapshot", .string(snapshot.path)),
                    ])
                )
            } else {
                print(
                    "replayed \(result.foldedEvents) events and \(result.foldedOutcomes) outcomes in \(String(format: "%.2f", seconds)) s (\(rate) records/s)"
                )
                print("\(state.accounts.count) accounts, \(contacts) contacts, \(links) links")
                if state.unknownRecords > 0 {
                    print("\(state.unknownRecords) records written by a newer avosync were kept but not interpreted")
                }
                print("snapshot written: \(snapshot.path)")
            }
        }
    }
}
