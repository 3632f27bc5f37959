public import Dispatcher
import EventLog
public import Foundation
public import Logging
public import Projection
import SalesforceClient
import SalesforceEmulator
import SyncModel

/// The demo from start to end: serve the standard org on loopback, play every seed scenario into
/// one data directory, sync, and read back what landed.
public struct DemoRun: Sendable {
    /// The seeds directory (`seeds/`).
    public var seeds: URL
    /// The org fixture the emulator serves (`Fixtures/orgs/standard.json`).
    public var org: URL
    /// An empty data directory.
    public var layout: DataLayout
    public var logger: Logger

    public init(seeds: URL, org: URL, layout: DataLayout, logger: Logger) {
        self.seeds = seeds
        self.org = org
        self.layout = layout
        self.logger = logger
    }

    public func run() async throws -> DemoReport {
        let started = ContinuousClock.now
        let scenarios = try ScenarioSet.load(directory: seeds)
        // Every line is checked before anything runs, as `append` would.
        let events = try scenarios.map { try Self.events(of: $0) }
        let fixture = try OrgFixture.load(contentsOf: org)
        let emulator = try await LoopbackEmulator(serving: try SalesforceEmulator(fixture: fixture))
        let login: OAuthCredentials
        let admin: SalesforceClient
        do {
            login = try Self.login(at: emulator.baseURL, fixture: fixture)
            admin = try SalesforceClient(credentials: login, transport: try HTTPTransport(caFile: nil))
        } catch {
            await emulator.stop()
            throw error
        }
        do {
            let report = try await play(
                scenarios,
                events: events,
                login: login,
                admin: admin,
                started: started
            )
            await admin.shutdown()
            await emulator.stop()
            return report
        } catch {
            await admin.shutdown()
            await emulator.stop()
            throw error
        }
    }

    private func play(
        _ scenarios: [Scenario],
        events: [[Event]],
        login: OAuthCredentials,
        admin: SalesforceClient,
        started: ContinuousClock.Instant
    ) async throws -> DemoReport {
        let baseURL = login.loginURL.absoluteString
        for scenario in scenarios {
            try await create(scenario.plan.salesforceBefore ?? [], with: admin, scenario: scenario)
            for connection in scenario.plan.connect {
                guard let environment = LoginHost(rawValue: connection.environment) else {
                    throw ScenarioError(
                        "\(scenario.expectedFile.path): connect: environment must be production or sandbox, got \(connection.environment)"
                    )
                }
                _ = try await AccountConnector.connect(
                    ConnectionRequest(
                        account: connection.account,
                        environment: environment,
                        clientID: login.clientID,
                        clientSecret: login.clientSecret,
                        refreshToken: login.refreshToken,
                        loginURL: baseURL
                    ),
                    layout: layout
                )
            }
        }
        let writer = try LogWriter(directory: layout.events)
        let appended = try writer.append(
            contentsOf: events.joined().map { StoredEncoding.encode($0) },
            appendedBy: Appender.commandLine
        )
        try writer.close()

        var syncs = [try await sync()]
        var parkedAfterFirstSync: [String: Int] = [:]
        let later = scenarios.filter { !($0.plan.salesforceLater ?? []).isEmpty }
        if !later.isEmpty {
            let state = try ProjectionLoader(layout: layout).load().state
            for scenario in later {
                for account in scenario.plan.connect.map(\.account) {
                    parkedAfterFirstSync[account] = state.account(account).parked.count
                }
                try await create(scenario.plan.salesforceLater ?? [], with: admin, scenario: scenario)
            }
            syncs.append(try await sync())
        }

        let observer = ScenarioObserver(layout: layout, client: admin)
        var results: [ScenarioResult] = []
        for scenario in scenarios {
            let observation = try await observer.observe(scenario.plan, parkedAfterFirstSync: parkedAfterFirstSync)
            results.append(
                ScenarioResult(
                    scenario: scenario,
                    observation: observation,
                    differences: ExpectationCheck.differences(scenario.plan.expect, observation)
                )
            )
        }
        return DemoReport(
            emulatorURL: baseURL,
            eventsAppended: appended.count,
            syncs: syncs,
            scenarios: results,
            elapsed: ContinuousClock.now - started
        )
    }

    /// `sync --once`, in this process.
    private func sync() async throws -> DispatchReport {
        let dispatcher = try Dispatcher(layout: layout, logger: logger)
        do {
            let report = try await dispatcher.runOnce()
            await dispatcher.close()
            return report
        } catch {
            await dispatcher.close()
            throw error
        }
    }

    /// Records a Salesforce user makes by hand, through the REST API.
    private func create(
        _ records: [ScenarioPlan.OrgRecord],
        with client: SalesforceClient,
        scenario: Scenario
    )
        async throws
    {
        for record in records {
            do {
                _ = try await client.create(
                    try APIName(record.object),
                    fields: record.fields.mapValues { .string($0) }
                )
            } catch {
                throw ScenarioError("\(scenario.expectedFile.path): cannot create a \(record.object): \(error)")
            }
        }
    }

    /// A scenario's events, validated as `append` validates them; a bad line names file and line.
    static func events(of scenario: Scenario) throws -> [Event] {
        guard let data = FileManager.default.contents(atPath: scenario.eventsFile.path) else {
            throw ScenarioError("\(scenario.eventsFile.path): cannot be read")
        }
        let state = ProjectionState()
        var validator = IngestValidator { state.account($0).settings.defaultCountry }
        var events: [Event] = []
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            switch validator.validate(line: line, number: index + 1) {
            case .success(let event)?: events.append(event)
            case .failure(let error)?: throw ScenarioError("\(scenario.eventsFile.path): \(error)")
            case nil: continue
            }
        }
        return events
    }

    /// The fixture's connected app and user at the emulator: how the demo's accounts connect, and
    /// how its admin client reads back what a Salesforce user sees.
    static func login(at baseURL: String, fixture: OrgFixture) throws -> OAuthCredentials {
        guard let app = fixture.connectedApps.first,
            let token = fixture.users.flatMap(\.refreshTokens).first(where: { $0.clientID == app.clientID }),
            let url = URL(string: baseURL)
        else { throw ScenarioError("the org fixture has no user with a refresh token for its connected app") }
        return OAuthCredentials(
            loginURL: url,
            clientID: app.clientID,
            clientSecret: app.clientSecret,
            refreshToken: token.token
        )
    }
}

/// What the demo did and found.
public struct DemoReport: Sendable {
    public var emulatorURL: String
    public var eventsAppended: Int
    /// One report per `sync --once` the demo ran.
    public var syncs: [DispatchReport]
    public var scenarios: [ScenarioResult]
    public var elapsed: Duration

    /// Whether every scenario left Salesforce as its expected file says.
    public var allAsExpected: Bool { scenarios.allSatisfy(\.differences.isEmpty) }
}

/// One scenario's observation and how it differs from the expected file (empty: as expected).
public struct ScenarioResult: Sendable {
    public var scenario: Scenario
    public var observation: ScenarioObservation
    public var differences: [String]
}
