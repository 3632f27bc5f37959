import EmulatorTestSupport
import EventLog
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel

/// An org served over HTTP on loopback by an emulator in this process, and a data directory that
/// `avosync` child processes sync into it. The org is checked through its REST API.
final class SyncHarness: DataDirectoryRunner, StoppedWhateverHappens, Sendable {
    let directory: String
    let data: String
    let emulator: LiveEmulator

    var baseURL: String { emulator.baseURL }
    var org: OrgConnection { emulator.org }

    private init(directory: String, emulator: LiveEmulator) {
        self.directory = directory
        self.data = directory + "/data"
        self.emulator = emulator
    }

    /// Starts the standard org, edited by `edit`, on `clock`, and an empty data directory.
    static func start(
        clock: @escaping @Sendable () -> Date = { Date() },
        edit: (inout OrgFixture) -> Void = { _ in }
    ) async throws -> SyncHarness {
        SyncHarness(
            directory: makeTemporaryDirectory(),
            emulator: try await LiveEmulator.start(clock: clock, edit: edit)
        )
    }

    /// The standard org's second user, a person who edits records by hand, signed in.
    func person() async throws -> OrgConnection {
        try await OrgConnection(org.emulator, refreshToken: "admin-refresh-token")
    }

    func stop() async {
        await emulator.stop()
        removeTree(directory)
    }

    // MARK: avosync

    /// Connects `account` to the org with the standard org's connected app.
    func connect(
        _ account: String,
        environment: String = "production",
        client: String = "avosync-demo",
        refreshToken: String = "demo-refresh-token"
    ) async throws {
        try "demo-secret\n".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try (refreshToken + "\n").write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let run = try await avosync([
            "connect", "--account", account, "--environment", environment, "--client-id", client,
            "--client-secret-file", directory + "/secret", "--refresh-token-file", directory + "/token", "--login-url",
            baseURL,
        ])
        guard run.status == 0 else { throw HarnessError("connect failed (\(run.status)): \(run.errors)") }
    }

    // MARK: The org

    /// Every record of a SOQL query, following `nextRecordsUrl` past the first 2,000.
    func query(_ soql: String) async -> [JSON] { await org.records(soql) }

    /// Tasks on `recordID` (by WhoId or WhatId), oldest first.
    func tasks(on recordID: String) async -> [JSON] {
        await query(
            "SELECT Id, Subject, Status, IsClosed, WhoId, WhatId, Description, CallType, CallDurationInSeconds, Type, Avochato_Event_Id__c FROM Task WHERE WhoId = '\(recordID)' OR WhatId = '\(recordID)' ORDER BY Avochato_Event_Id__c"
        )
    }

    /// The API requests the org has counted.
    func apiRequests() async -> Int {
        Int(await org.call("GET", "/__emulator/stats").json?["api_requests"]?.doubleValue ?? -1)
    }

    /// The API requests the org has counted, by resource (`query`, `queryAll`, `composite`, ...).
    func requestsByResource() async -> [String: Int] {
        let counts = await org.call("GET", "/__emulator/stats").json?["by_resource"]?.objectValue ?? [:]
        return counts.compactMapValues { $0.doubleValue.map { Int($0) } }
    }

    /// Sets emulator faults (`POST /__emulator/faults`).
    func faults(_ settings: JSON) async throws { try await org.setFaults(settings) }

    // MARK: The data directory

    /// Every outcome of the sync log, in order.
    func outcomes() throws -> [Outcome] {
        guard let cursor = try? LogCursor(directory: data + "/sync") else { return [] }
        var result: [Outcome] = []
        while let record = try cursor.next() {
            if case .outcome(let outcome) = try StoredEncoding.decode(record.bytes) { result.append(outcome) }
        }
        return result
    }

    /// The record `contact` of `account` is linked to.
    func link(_ account: String, _ contact: String) throws -> RecordReference? {
        try state().account(account).contacts[contact]?.link
    }
}

/// Runs `body` with a started harness, stopping it whatever happens.
func withHarness(
    clock: @escaping @Sendable () -> Date = { Date() },
    edit: (inout OrgFixture) -> Void = { _ in },
    _ body: (SyncHarness) async throws -> Void
) async throws {
    try await using(try await SyncHarness.start(clock: clock, edit: edit), body)
}

/// A started fixture that a test stops whatever happens.
protocol StoppedWhateverHappens {
    func stop() async
}

/// Runs `body` with `started`, then stops it, whether `body` threw or not.
func using<Started: StoppedWhateverHappens>(
    _ started: Started,
    _ body: (Started) async throws -> Void
) async throws {
    do {
        try await body(started)
    } catch {
        await started.stop()
        throw error
    }
    await started.stop()
}

extension OrgConnection {
    /// Sets the emulator's faults (`POST /__emulator/faults`).
    func setFaults(_ settings: JSON) async throws {
        let reply = await call("POST", "/__emulator/faults", json: settings)
        guard reply.status == 200 else { throw HarnessError("faults refused: \(String(describing: reply.json))") }
    }

    /// Every record of a SOQL query, following `nextRecordsUrl` past the first 2,000.
    func records(_ soql: String) async -> [JSON] {
        var page = await call("GET", "query?q=" + OrgConnection.formEncoded(soql)).json
        var records: [JSON] = []
        while let current = page {
            records += current["records"]?.arrayValue ?? []
            guard let next = current["nextRecordsUrl"]?.stringValue else { break }
            page = await call("GET", next).json
        }
        return records
    }
}

/// A data directory that tests run `avosync` against.
protocol DataDirectoryRunner {
    var data: String { get }
}

extension DataDirectoryRunner {
    /// The projection of both logs.
    func state() throws -> ProjectionState { try ProjectionLoader(layout: DataLayout(root: data)).load().state }

    /// Runs `avosync` with `--data` on a thread of its own (the test's tasks keep serving the orgs).
    @discardableResult
    func avosync(_ arguments: [String], input: String? = nil) async throws -> ProgramRun {
        let all = [arguments[0], "--data", data] + arguments.dropFirst()
        return try await ChildProcess.run("avosync", all, input: input.map { Data($0.utf8) })
    }

    /// Appends JSON lines; fails the test on a refusal.
    func append(_ lines: [String]) async throws {
        let run = try await avosync(["append"], input: lines.joined(separator: "\n") + "\n")
        guard run.status == 0 else { throw HarnessError("append failed (\(run.status)): \(run.errors)") }
    }

    /// `sync --once`; fails unless it exits 0.
    @discardableResult
    func sync(_ extra: [String] = []) async throws -> ProgramRun {
        let run = try await avosync(["sync", "--once"] + extra)
        guard run.status == 0 else { throw HarnessError("sync failed (\(run.status)): \(run.errors)\n\(run.text)") }
        return run
    }
}
