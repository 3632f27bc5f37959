import ArgumentParser
import Dispatcher
import Foundation
import Logging
import Projection
import ServiceLifecycle
import SyncModel
import Synchronization
import UnixSignals

/// `avosync sync`: dispatches pending events into each connected account's org.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Dispatch pending events into Salesforce: look-ups, records, fields and closed Tasks.",
        discussion: """
            --once (the default) exits when every selected account is caught up: exit 0, or 1 when \
            an account is paused (its org's API allowance ran out) or its org could not be reached; \
            its events wait and nothing is lost. --follow keeps tailing the events log until SIGINT \
            or SIGTERM and then stops after the batch in flight.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    @Flag(help: "Dispatch what is pending and exit (the default).") var once = false
    @Flag(help: "Keep following the events log until SIGINT or SIGTERM.") var follow = false

    @Option(name: .customLong("account"), help: "Only this account (repeatable; default: every connected account).")
    var accounts: [String] = []

    @Option(help: "The most events in one batch.") var batchSize = 5000

    @Option(help: "Seconds a paused account waits before trying again while following.")
    var pauseSeconds = 300

    @Option(help: "Pause an account when less than this share of its org's daily API allowance is left.")
    var apiReservePercent = 2.0

    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @Flag(help: "Print the summary as one JSON document.") var json = false

    func validate() throws {
        guard !(once && follow) else { throw ValidationError("--once and --follow exclude each other") }
        for account in accounts { try validateIdentifier(account, option: "account") }
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be from 1 to 100000") }
        guard (0...100).contains(apiReservePercent) else {
            throw ValidationError("--api-reserve-percent must be from 0 to 100")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        var logger = Logger(label: "avosync.sync")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        var options = DispatchOptions()
        options.batchSize = batchSize
        options.accounts = accounts.isEmpty ? nil : Set(accounts)
        options.pauseDuration = .seconds(pauseSeconds)
        options.apiReservePercent = apiReservePercent
        let report: DispatchReport
        do {
            let layout = try data.existingLayout(command: "sync")
            let dispatcher = try Dispatcher(layout: layout, options: options, logger: logger)
            if follow {
                let service = FollowService(dispatcher: dispatcher)
                let group = ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: [.init(service: service)],
                        gracefulShutdownSignals: [.sigterm, .sigint],
                        logger: logger
                    )
                )
                try await group.run()
                report = service.report.withLock { $0 } ?? DispatchReport()
            } else {
                report = try await dispatcher.runOnce()
            }
            await dispatcher.close()
        } catch {
            throw failure("sync", error)
        }
        print(summary(report))
        for (account, reason) in report.paused.sorted(by: { $0.key < $1.key }) {
            printError("avosync sync: account \(account) paused: \(reason)")
        }
        for (account, reason) in report.failed.sorted(by: { $0.key < $1.key }) {
            printError("avosync sync: account \(account) is waiting: \(reason)")
        }
        if !follow && !report.caughtUp { throw ExitStatus.failure }
    }

    private func summary(_ report: DispatchReport) -> String {
        if json {
            return JSONValue.object([
                JSONMember("dispatched", .integer(Int64(report.dispatched))),
                JSONMember("outcomes", .integer(Int64(report.outcomes))),
                JSONMember("api_requests", .integer(Int64(report.apiRequests))),
                JSONMember("retries", .integer(Int64(report.retries))),
                JSONMember("caught_up", .bool(report.caughtUp)),
                JSONMember(
                    "paused",
                    .object(report.paused.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) })
                ),
                JSONMember(
                    "failed",
                    .object(report.failed.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) })
                ),
            ]).jsonText
        }
        return
            "dispatched \(report.dispatched) events; \(report.outcomes) outcomes recorded; \(report.apiRequests) Salesforce requests (\(report.retries) retried)"
    }
}

/// `sync --follow` as a service: graceful shutdown lets the batch in flight finish.
final class FollowService: Service, Sendable {
    let dispatcher: Dispatcher
    let stopping = Atomic<Bool>(false)
    let report = Mutex<DispatchReport?>(nil)

    init(dispatcher: Dispatcher) { self.dispatcher = dispatcher }

    func run() async throws {
        try await withGracefulShutdownHandler {
            let result = try await dispatcher.follow { self.stopping.load(ordering: .relaxed) }
            report.withLock { $0 = result }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }
}
