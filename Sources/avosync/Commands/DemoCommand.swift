import ArgumentParser
import Demo
import Dispatcher
import Foundation
import Logging
import Projection
import SyncModel

/// `avosync demo`: the seed scenarios, synced into the emulator's standard org, and what landed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play the seed scenarios into the emulated standard org and show what landed in Salesforce.",
        discussion: """
            Starts the Salesforce emulator on loopback in this process (the standard org), connects \
            each scenario's accounts, appends the scenarios of seeds/, syncs them, reads back every \
            linked record with its synced fields and Tasks, compares each scenario with its expected \
            file and prints it all with the audit trail. Exit 0 when every scenario is as expected. \
            The data directory stays for exploring (avosync status, avosync log --sync); it must be \
            empty or hold an earlier demo, which is replaced.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    @Option(help: "The scenarios (default: seeds/ of the avosync checkout).") var seeds: String?

    @Option(help: "The org fixture (default: Fixtures/orgs/standard.json of the avosync checkout).") var org: String?

    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "error"

    @Flag(help: "Print one JSON document.") var json = false

    /// Marks a data directory as the demo's own, so that running the demo again may replace it.
    static let marker = "DEMO"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let root = DemoFiles.root()
        guard let seedsURL = seeds.map({ URL(fileURLWithPath: $0) }) ?? root?.appendingPathComponent(DemoFiles.seeds),
            let orgURL = org.map({ URL(fileURLWithPath: $0) }) ?? root?.appendingPathComponent(DemoFiles.standardOrg)
        else {
            printError(
                "avosync demo: cannot find seeds/ and Fixtures/orgs/standard.json here or above the executable; run it from the avosync checkout, or pass --seeds and --org"
            )
            throw ExitStatus.failure
        }
        var logger = Logger(label: "avosync.demo")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .error
        let report: DemoReport
        do {
            try prepareDataDirectory()
            report = try await DemoRun(seeds: seedsURL, org: orgURL, layout: data.layout, logger: logger).run()
        } catch {
            throw failure("demo", error)
        }
        let audit = try auditTrail()
        if json {
            printJSON(DemoOutput.json(report, data: data.resolved, audit: audit))
        } else {
            print(DemoOutput.text(report, data: data.resolved, audit: audit), terminator: "")
        }
        if !report.allAsExpected { throw ExitStatus.failure }
    }

    /// An empty data directory, or one holding an earlier demo (replaced); anything else is refused.
    private func prepareDataDirectory() throws {
        let path = data.resolved
        let files = FileManager.default
        if let contents = try? files.contentsOfDirectory(atPath: path), !contents.isEmpty {
            guard contents.contains(Self.marker) else {
                throw DemoDataError(
                    "\(path) already holds data that is not an earlier demo; give --data an empty or new directory"
                )
            }
            try files.removeItem(atPath: path)
        }
        try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data("made by avosync demo; running the demo again replaces this directory\n".utf8).write(
            to: URL(fileURLWithPath: path).appendingPathComponent(Self.marker)
        )
    }

    /// Both logs, in append order.
    private func auditTrail() throws -> [AuditEntry] {
        var query = AuditQuery()
        query.includeSync = true
        let reader = try AuditReader(layout: data.layout, query: query)
        var entries: [AuditEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        return entries
    }
}

struct DemoDataError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
