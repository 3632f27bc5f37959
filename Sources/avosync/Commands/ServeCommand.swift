import Access
import ArgumentParser
import Cluster
import CoreMetrics
import Dashboard
import Dispatcher
import Foundation
import Ingest
import IngestService
import Logging
import Projection
import Prometheus
import ServiceLifecycle
import SyncModel
import Synchronization

/// `avosync serve`: ingest over HTTP, the dispatcher following the log, metrics and health, in
/// one process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Take events over HTTP (POST /v1/events) and sync them into Salesforce as they arrive.",
        discussion: """
            Prints its base URL once it accepts requests. A request's events are validated as \
            `append` validates them and appended all or none; 200 means they are durable. Events \
            whose (account, id) the log already holds from the last --dedup-window are counted \
            as duplicates and not appended again, so a client may safely retry. Unless --no-sync, \
            the dispatcher follows the log as `sync --follow` does. Each token reaches only its \
            accounts and roles (see `avosync tokens`). SIGHUP re-reads the tokens file; SIGINT or SIGTERM stops taking requests, answers those in flight, finishes the \
            dispatcher's batches, saves a snapshot and exits 0.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    @Option(help: "The address to listen on, HOST:PORT (port 0 picks a free port).")
    var listen = "127.0.0.1:8080"

    @Option(help: "A PEM certificate chain: serve HTTPS (with --tls-key).") var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?

    @Flag(help: "Serve plain HTTP on an address other than loopback (tokens and events travel unencrypted).")
    var insecureHTTP = false

    @Option(
        help:
            "The tokens file: each token's digest, name, accounts and roles (avosync tokens create; mode 0600; re-read on SIGHUP)."
    )
    var tokensFile: String

    @Option(
        help:
            "The address people reach the dashboard at; an https:// URL makes its session cookie Secure (behind a TLS-terminating proxy)."
    )
    var publicURL: String?

    @Option(
        help:
            "Seconds a request's head, then its body, may take to arrive before the connection is closed; also how long an idle connection stays open."
    )
    var readTimeout = 30

    @Option(help: "Open connections at most; past it, new ones wait until one closes.")
    var maxConnections = 1024

    @Flag(help: "Only take events; do not run the dispatcher.") var noSync = false

    @Flag(help: "Do not serve the dashboard's pages under /ui/.") var noDashboard = false

    @Option(help: "Seconds between the dashboard's page reloads.") var dashboardRefresh = 30

    @Option(help: "Serve Prometheus metrics on http://HOST:PORT/metrics (port 0 picks a free port).")
    var metricsListen: String?

    @OptionGroup var dedup: DedupWindowOption

    @Option(help: "Requests worked on at once; more are answered 503 with Retry-After.")
    var maxRequests = 32

    @Option(help: "Events accepted but not yet durable, at most; past it requests are answered 503.")
    var maxPendingEvents = 200_000

    @OptionGroup var dispatch: DispatchArguments

    @OptionGroup var clusterConnection: ClusterConnectionOptions
    @OptionGroup var clusterNode: ClusterNodeOptions

    @OptionGroup var logOutput: LogOutputOptions

    /// Slows every append by this many milliseconds: lets tests see backpressure. Not for production.
    @Option(help: .hidden) var testAppendDelayMs: Int?

    /// Milliseconds between the samples of the dashboard's charts (a minute by default): lets
    /// tests draw charts in seconds. Not for production.
    @Option(help: .hidden) var testChartSampleMs: Int?

    func validate() throws {
        guard let address = ListenAddress(listen) else {
            throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535, got '\(listen)'")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        if tlsCert == nil && !insecureHTTP && !Self.isLoopback(address.host) {
            throw ValidationError(
                "plain HTTP is served on loopback addresses only: give --tls-cert and --tls-key to listen on \(address.host), or --insecure-http"
            )
        }
        if let metricsListen, ListenAddress(metricsListen) == nil {
            throw ValidationError(
                "--metrics-listen must be HOST:PORT with a port from 0 to 65535, got '\(metricsListen)'"
            )
        }
        guard (5...3600).contains(dashboardRefresh) else {
            throw ValidationError("--dashboard-refresh must be from 5 to 3600 seconds")
        }
        guard (1...4096).contains(maxRequests) else { throw ValidationError("--max-requests must be from 1 to 4096") }
        guard (1...3600).contains(readTimeout) else {
            throw ValidationError("--read-timeout must be from 1 to 3600 seconds")
        }
        guard (1...1_000_000).contains(maxConnections) else {
            throw ValidationError("--max-connections must be from 1 to 1000000")
        }
        if let publicURL,
            URL(string: publicURL)?.host == nil || !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://"))
        {
            throw ValidationError("--public-url must be an http:// or https:// URL, got '\(publicURL)'")
        }
        guard (1...100_000_000).contains(maxPendingEvents) else {
            throw ValidationError("--max-pending-events must be from 1 to 100000000")
        }
        try clusterNode.validate(inCluster: clusterConnection.servers != nil)
    }

    func run() async throws {
        let logger = logOutput.bootstrap(label: "avosync.serve")
        let registry = metricsListen.map { _ in PrometheusCollectorRegistry() }
        // The dashboard charts the same metrics /metrics serves, from a history kept in memory.
        let history = MetricsHistory(interval: testChartSampleMs.map { .milliseconds($0) } ?? .seconds(60))
        if let registry {
            MetricsSystem.bootstrap(
                MultiplexMetricsHandler(factories: [PrometheusMetricsFactory(registry: registry), history])
            )
        } else {
            MetricsSystem.bootstrap(history)
        }
        let address = ListenAddress(listen)!
        if tlsCert == nil && !Self.isLoopback(address.host) {
            logger.warning(
                "serving plain HTTP beyond loopback (--insecure-http): tokens and events travel unencrypted"
            )
        }
        let tokens: TokenStore
        do {
            tokens = try TokenStore(path: tokensFile)
        } catch {
            printError("avosync serve: \(error)")
            throw ExitStatus.failure
        }
        for warning in tokens.warnings { logger.warning("\(warning)") }
        do {
            if let servers = clusterConnection.servers {
                try await serveNode(
                    on: servers,
                    tokens: tokens,
                    address: address,
                    registry: registry,
                    history: history,
                    logger: logger
                )
            } else {
                try await serve(
                    tokens: tokens,
                    address: address,
                    registry: registry,
                    history: history,
                    logger: logger
                )
            }
        } catch {
            throw failure("serve", error)
        }
    }

    /// Cluster mode: the node takes events into the cluster's stream and dispatches its partitions.
    private func serveNode(
        on servers: [String],
        tokens: TokenStore,
        address: ListenAddress,
        registry: PrometheusCollectorRegistry?,
        history: MetricsHistory,
        logger: Logger
    ) async throws {
        let layout = data.layout
        let name = clusterNode.node ?? ""
        let resources = try ClusterResources(
            servers: servers,
            clientName: "avosync-\(name)",
            partitions: clusterNode.partitions,
            lease: clusterNode.lease,
            dedupWindow: dedup.duration
        )
        for warning in resources.warnings { logger.warning("\(warning)") }
        let seal = try CredentialSeal(keyFile: clusterNode.credentialsKeyFile ?? "")
        let node = try ClusterNode(
            name: name,
            resources: resources,
            layout: layout,
            credentials: ClusterCredentials(resources: resources, seal: seal),
            dispatch: noSync ? nil : dispatch.options,
            logger: logger
        )
        node.sink.startCountries(
            try defaultCountries(ProjectionLoader.loadReporting(layout, command: "serve").state)
        )
        let dashboard = dashboard(layout, tokens: tokens, history: history, logger: logger)
        let server = try ingestServer(
            node.sink,
            tokens: tokens,
            readiness: Readiness(dispatching: false),
            dashboard: dashboard,
            address,
            logger
        )
        var helpers: [any Service] = [TokenReloadService(tokens: tokens, logger: logger)]
        if let dashboard { helpers.append(dashboard.sessionStorage) }
        if !noSync { helpers.append(MetricsSampler(history: history)) }
        try await runUntilSignalled(services(helpers, working: node, server, registry, logger), logger: logger)
        saveSnapshotAfterStopping(layout, logger: logger)
    }

    /// The dashboard of `layout`'s data, unless --no-dashboard; it charts `history` when this
    /// process dispatches.
    private func dashboard(
        _ layout: DataLayout,
        tokens: TokenStore,
        history: MetricsHistory,
        logger: Logger
    ) -> Dashboard? {
        guard !noDashboard else { return nil }
        return Dashboard(
            layout: layout,
            tokens: tokens,
            history: noSync ? nil : history,
            dispatching: !noSync,
            secureCookies: tlsCert != nil || publicURL?.lowercased().hasPrefix("https://") == true,
            refreshSeconds: dashboardRefresh,
            logger: logger
        )
    }

    /// The HTTP side, taking events into `sink`, with the `dashboard`'s pages when there is one;
    /// prints the base URL once it listens.
    private func ingestServer(
        _ sink: any EventSink,
        tokens: TokenStore,
        readiness: Readiness,
        dashboard: Dashboard? = nil,
        _ address: ListenAddress,
        _ logger: Logger
    ) throws -> IngestServer {
        try IngestServer(
            ingest: sink,
            tokens: tokens,
            readiness: readiness,
            host: address.host,
            port: address.port,
            tls: tlsCert.map { IngestServer.TLSFiles(certificate: $0, privateKey: tlsKey ?? "") },
            limits: limits,
            logger: logger,
            routes: { router in dashboard?.register(on: router) }
        ) { url in
            // Unbuffered and alone on its line, so that whoever started the service learns the port.
            FileHandle.standardOutput.write(Data((url + "\n").utf8))
        }
    }

    /// What the listener takes at most.
    private var limits: IngestServer.Limits {
        var limits = IngestServer.Limits()
        limits.maxRequests = maxRequests
        limits.readTimeout = .seconds(readTimeout)
        limits.maxConnections = maxConnections
        return limits
    }

    /// The service group's members, in the order they start; they stop in reverse: HTTP first
    /// (requests in flight answered), then what does the work (batches in flight finished), then
    /// the metrics endpoint and `helpers`. The group stops when the work or HTTP ends.
    private func services(
        _ helpers: [any Service],
        working: (any Service)?,
        _ server: IngestServer,
        _ registry: PrometheusCollectorRegistry?,
        _ logger: Logger
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        var services = helpers.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        if let endpoint = metricsEndpoint(registry, logger: logger) {
            services.append(.init(service: endpoint, failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let working {
            services.append(
                .init(
                    service: working,
                    successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup
                )
            )
        }
        services.append(.init(service: server, failureTerminationBehavior: .gracefullyShutdownGroup))
        return services
    }

    private func metricsEndpoint(_ registry: PrometheusCollectorRegistry?, logger: Logger) -> MetricsEndpoint? {
        guard let registry, let metricsListen, let metrics = ListenAddress(metricsListen) else { return nil }
        return MetricsEndpoint(registry: registry, host: metrics.host, port: metrics.port, logger: logger) {
            logger.notice("metrics at \($0)")
        }
    }

    private func serve(
        tokens: TokenStore,
        address: ListenAddress,
        registry: PrometheusCollectorRegistry?,
        history: MetricsHistory,
        logger: Logger
    ) async throws {
        let layout = data.layout
        var ingestOptions = IngestLog.Options()
        ingestOptions.dedupWindow = dedup.duration
        ingestOptions.maxPendingEvents = maxPendingEvents
        ingestOptions.appendInOneBatch = true
        ingestOptions.releaseWhenIdle = .seconds(1)
        ingestOptions.appendDelay = testAppendDelayMs.map { .milliseconds($0) }
        let ingest = try IngestLog(
            directory: layout.events,
            countries: { try defaultCountries(ProjectionLoader.loadReporting(layout, command: "serve").state) },
            options: ingestOptions
        )
        defer { try? ingest.close() }
        let readiness = Readiness(dispatching: !noSync)
        var dispatcher: Dispatcher?
        if !noSync {
            var options = dispatch.options
            options.appendEvents = { try ingest.append($0, appendedBy: Appender.avosync).appended }
            options.progress = { readiness.dispatcherReached($0, of: $1) }
            dispatcher = try Dispatcher(layout: layout, options: options, logger: logger)
        }
        let follow = dispatcher.map(FollowService.init)
        let dashboard = dashboard(layout, tokens: tokens, history: history, logger: logger)
        let server = try ingestServer(
            ingest,
            tokens: tokens,
            readiness: readiness,
            dashboard: dashboard,
            address,
            logger
        )
        var helpers: [any Service] = [
            IdleReleaseService(ingest: ingest), TokenReloadService(tokens: tokens, logger: logger),
        ]
        if let dashboard { helpers.append(dashboard.sessionStorage) }
        if !noSync { helpers.append(MetricsSampler(history: history)) }
        try await runUntilSignalled(services(helpers, working: follow, server, registry, logger), logger: logger)
        try ingest.close()
        if let dispatcher {
            await dispatcher.close()
            let report = follow?.report.withLock { $0 } ?? DispatchReport()
            logger.notice(
                "stopped",
                metadata: [
                    "dispatched": "\(report.dispatched)", "outcomes": "\(report.outcomes)",
                    "api_requests": "\(report.apiRequests)",
                ]
            )
        }
        saveSnapshotAfterStopping(layout, logger: logger)
        if let error = follow?.failure.withLock({ $0 }) { throw error }
    }

    /// Whether plain HTTP may be served on `host`: loopback addresses only.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
