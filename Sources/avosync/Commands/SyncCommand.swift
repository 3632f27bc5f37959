import ArgumentParser
import CoreMetrics
import Dispatcher
import Foundation
import Logging
import Projection
import Prometheus
import ServiceLifecycle
import SyncModel
import Synchronization

/// `avosync sync`: dispatches pending events into each connected account's org.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Dispatch pending events into Salesforce: look-ups, records, fields and closed Tasks.",
        discussion: """
            Every account moves on its own lane: its own batches, checkpoint, retries, pause and \
            block; up to --concurrency of them talk to Salesforce at once, and a slow, failing or \
            paused org holds back only its own accounts. Each run, and every --poll-interval \
            seconds while following, the changes people made in Salesforce to linked records are \
            brought back into the events log (unless import_salesforce_changes is off). \
            --once (the default) exits when every \
            selected account is caught up: exit 0, or 1 naming each account that is paused (its \
            org's API allowance ran low) or whose org could not be reached, and why; its events \
            wait and nothing is lost. --follow keeps tailing the events log until SIGINT or SIGTERM \
            and then stops after each lane's batch in flight.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    @Flag(help: "Dispatch what is pending and exit (the default).") var once = false
    @Flag(help: "Keep following the events log until SIGINT or SIGTERM.") var follow = false

    @OptionGroup var dispatch: DispatchArguments

    @OptionGroup var logOutput: LogOutputOptions

    @Option(
        help: "With --follow: serve Prometheus metrics on http://HOST:PORT/metrics (port 0 picks a free port)."
    )
    var metricsListen: String?

    @Flag(help: "Print the summary as one JSON document.") var json = false

    func validate() throws {
        guard !(once && follow) else { throw ValidationError("--once and --follow exclude each other") }
        if let metricsListen {
            guard follow else { throw ValidationError("--metrics-listen needs --follow") }
            guard ListenAddress(metricsListen) != nil else {
                throw ValidationError(
                    "--metrics-listen must be HOST:PORT with a port from 0 to 65535, got '\(metricsListen)'"
                )
            }
        }
    }

    func run() async throws {
        let logger = logOutput.bootstrap(label: "avosync.sync")
        // Before the dispatcher exists, so that its metrics are made by the Prometheus factory.
        let registry = metricsListen.map { _ in PrometheusCollectorRegistry() }
        if let registry { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
        var options = dispatch.options
        let progress = follow ? nil : ProgressLine("dispatched events")
        if let progress { options.progress = BacklogProgress(progress).update }
        let report: DispatchReport
        do {
            let layout = try data.existingLayout(command: "sync")
            let dispatcher = try Dispatcher(layout: layout, options: options, logger: logger)
            if follow {
                report = try await runFollowing(dispatcher, metrics: registry, logger: logger)
                await dispatcher.close()
                saveSnapshotAfterStopping(layout, logger: logger)
            } else {
                report = try await dispatcher.runOnce()
                await dispatcher.close()
                progress?.finish()
            }
        } catch {
            progress?.finish()
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

    /// `--follow`: the dispatcher (and the metrics endpoint) as services that SIGINT and SIGTERM
    /// stop gracefully, after the batch in flight.
    private func runFollowing(
        _ dispatcher: Dispatcher,
        metrics registry: PrometheusCollectorRegistry?,
        logger: Logger
    )
        async throws -> DispatchReport
    {
        let service = FollowService(dispatcher: dispatcher)
        var services = [
            ServiceGroupConfiguration.ServiceConfiguration(
                service: service,
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup
            )
        ]
        if let registry, let metricsListen, let address = ListenAddress(metricsListen) {
            let json = self.json
            let endpoint = MetricsEndpoint(registry: registry, host: address.host, port: address.port, logger: logger) {
                url in
                // Unbuffered, so that whoever scrapes learns the port at once.
                let line =
                    json ? JSONValue.object([JSONMember("metrics_url", .string(url))]).jsonText : "metrics at \(url)"
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
            services.append(.init(service: endpoint, failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        try await runUntilSignalled(services, logger: logger)
        if let error = service.failure.withLock({ $0 }) { throw error }
        return service.report.withLock { $0 } ?? DispatchReport()
    }

    private func summary(_ report: DispatchReport) -> String {
        if json {
            return JSONValue.object([
                JSONMember("dispatched", .integer(Int64(report.dispatched))),
                JSONMember("outcomes", .integer(Int64(report.outcomes))),
                JSONMember("api_requests", .integer(Int64(report.apiRequests))),
                JSONMember("retries", .integer(Int64(report.retries))),
                JSONMember("brought_back", .integer(Int64(report.broughtBack))),
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
            "dispatched \(report.dispatched) events; \(report.outcomes) outcomes recorded; \(report.apiRequests) Salesforce requests (\(report.retries) retried); \(report.broughtBack) changes brought back from Salesforce"
    }
}

/// Turns the dispatcher's position in the events log into a progress bar over the backlog it
/// found when it started.
final class BacklogProgress: Sendable {
    let line: ProgressLine
    let start = Mutex<UInt64?>(nil)

    init(_ line: ProgressLine) { self.line = line }

    func update(position: UInt64, end: UInt64) {
        let first = start.withLock { start in
            if start == nil { start = position }
            return start ?? position
        }
        line.update(position - min(position, first), of: end - min(end, first))
    }
}
