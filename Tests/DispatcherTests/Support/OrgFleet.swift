import Dispatcher
import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceClient
import SalesforceEmulator

/// Several orgs, each the standard org served by its own emulator on loopback with its own
/// organization id, and one data directory whose accounts connect to them. The orgs are checked
/// through their REST API and their `/__emulator/` endpoints.
final class OrgFleet: DataDirectoryRunner, StoppedWhateverHappens, Sendable {
    let directory: String
    let data: String
    let orgs: [LiveEmulator]

    private init(directory: String, orgs: [LiveEmulator]) {
        self.directory = directory
        data = directory + "/data"
        self.orgs = orgs
    }

    /// `count` orgs with the ids `00D5e0000000001EAA`, `00D5e0000000002EAA`, ...
    static func start(_ count: Int) async throws -> OrgFleet {
        var orgs: [LiveEmulator] = []
        for index in 0..<count {
            let id = "00D5e00000000" + String(format: "%02d", index + 1) + "EAA"
            orgs.append(try await LiveEmulator.start(edit: { $0.organization.id = id }))
        }
        return OrgFleet(directory: makeTemporaryDirectory(), orgs: orgs)
    }

    func stop() async {
        for org in orgs { await org.stop() }
        removeTree(directory)
    }

    /// Connects `account` to org `index` as `avosync connect` does (the same code, in this
    /// process, so that a hundred accounts connect in a second).
    func connect(_ account: String, to index: Int) async throws {
        _ = try await AccountConnector.connect(
            ConnectionRequest(
                account: account,
                environment: .production,
                clientID: "avosync-demo",
                clientSecret: "demo-secret",
                refreshToken: "demo-refresh-token",
                loginURL: orgs[index].baseURL
            ),
            layout: DataLayout(root: data)
        )
    }

    /// `sync --follow` as a child process.
    func follower(_ extra: [String] = []) throws -> ChildProcess {
        try ChildProcess("avosync", ["sync", "--follow", "--data", data] + extra)
    }

    /// Every record of a SOQL query in org `index`.
    func query(_ index: Int, _ soql: String) async -> [JSON] {
        await orgs[index].org.records(soql)
    }

    /// `GET /__emulator/stats` of org `index`.
    func stats(_ index: Int) async -> JSON {
        await orgs[index].org.call("GET", "/__emulator/stats").json ?? [:]
    }

    /// Live records of `object` in org `index`.
    func count(_ object: String, in index: Int) async -> Int {
        Int(await stats(index)["records"]?[object]?.doubleValue ?? -1)
    }

    /// Sets org `index`'s faults (`POST /__emulator/faults`).
    func faults(_ index: Int, _ settings: JSON) async throws { try await orgs[index].org.setFaults(settings) }
}

/// Runs `body` with `count` started orgs, stopping them whatever happens.
func withFleet(_ count: Int, _ body: (OrgFleet) async throws -> Void) async throws {
    try await using(try await OrgFleet.start(count), body)
}

/// Waits until `condition` holds, checking every 50 ms, for at most `seconds`; returns how long
/// it took, or nil when it never held.
func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Double? {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < .milliseconds(Int(seconds * 1000)) {
        if try await condition() {
            let elapsed = (ContinuousClock.now - start).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return nil
}
