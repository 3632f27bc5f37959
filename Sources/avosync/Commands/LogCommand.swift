import ArgumentParser
import Foundation
import Projection
import SyncModel

/// `avosync log`: the audit view of the events (and the dispatcher's outcomes).
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the event history, filtered; with --sync, the dispatcher's outcomes interleaved.",
        discussion: """
            Records are shown in the order they were appended. Times given to --since and --until \
            are RFC 3339 and compare with each record's own time ('at'). With --json, each line is \
            the event as its ingest object plus "offset" (and "log": "sync" on outcome lines).
            """
    )

    @OptionGroup var data: DataDirectoryOption

    @Option(help: "Only this account.") var account: String?
    @Option(help: "Only this contact.") var contact: String?
    @Option(help: "Only this type (repeatable), e.g. call.logged or sync.linked.") var type: [String] = []
    @Option(help: "Only records at or after this RFC 3339 time.") var since: String?
    @Option(help: "Only records before this RFC 3339 time.") var until: String?
    @Option(help: "Start at this events-log offset.") var from: UInt64 = 0
    @Option(help: "Show at most this many records.") var limit: Int?
    @Flag(help: "Interleave the dispatcher's outcomes from the sync log.") var sync = false
    @Flag(help: "Keep following the logs as they grow, until interrupted.") var follow = false
    @Flag(help: "One JSON object per line.") var json = false

    func validate() throws {
        try validateIdentifier(account, option: "account")
        try validateIdentifier(contact, option: "contact")
        for name in type where !AuditQuery.knownTypes.contains(name) {
            throw ValidationError("unknown type '\(name)'; known: \(AuditQuery.knownTypes.joined(separator: ", "))")
        }
        if type.contains(where: { $0.hasPrefix("sync.") }) && !sync {
            throw ValidationError("outcome types (sync.*) need --sync")
        }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        var query = AuditQuery()
        query.account = account
        query.contact = contact
        query.types = Set(type)
        query.since = try since.map { try Self.time($0, option: "since") }
        query.until = try until.map { try Self.time($0, option: "until") }
        query.fromOffset = from
        query.includeSync = sync
        try running("log") {
            let reader = try AuditReader(layout: try data.existingLayout(command: "log"), query: query)
            var shown = 0
            if !json { print(AuditTable.header) }
            while limit.map({ shown < $0 }) ?? true {
                guard let entry = try reader.next() else {
                    guard follow else { break }
                    fflush(nil)
                    usleep(20_000)
                    continue
                }
                print(json ? entry.jsonObject.jsonText : AuditTable.row(entry))
                shown += 1
            }
        }
    }

    private static func time(_ text: String, option: String) throws -> EventTime {
        switch EventTime.parse(text) {
        case .success(let time): return time
        case .failure(let error): throw ValidationError("--\(option): \(error)")
        }
    }
}
