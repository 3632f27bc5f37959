import BenchmarkFixtures
import Foundation
import SalesforceEmulator

/// Many orgs in this process: the standard org, each served by its own emulator on loopback with
/// its own organization id, and the emulators' admin endpoints for latency, faults and counts.
final class EmulatedOrgs: Sendable {
    let orgs: [LoopbackEmulator]

    init(count: Int) async throws {
        var orgs: [LoopbackEmulator] = []
        for index in 0..<count {
            var fixture = try OrgFixture.load(contentsOf: BenchmarkFixtures.standardOrg)
            fixture.organization.id = "00D5e" + String(format: "%010d", index + 1) + "EAA"
            fixture.organization.dailyAPIRequests = 100_000_000
            orgs.append(try await LoopbackEmulator(serving: try SalesforceEmulator(fixture: fixture)))
        }
        self.orgs = orgs
    }

    func stop() async {
        for org in orgs { await org.stop() }
    }

    /// Every org back to the fixture's records, without faults.
    func reset() async {
        for org in orgs { await org.emulator.resetRecordsAndFaults() }
    }

    /// Adds `milliseconds` to every call of the orgs in `indices` (all by default).
    func latency(_ milliseconds: Int, orgs indices: Range<Int>? = nil) async {
        for index in indices ?? orgs.indices { await orgs[index].emulator.addLatency(milliseconds: milliseconds) }
    }

    /// Calls as Salesforce counts them, plus sign-ins (token requests, which it does not count),
    /// summed over every org.
    func calls() async -> Int {
        var total = 0
        for org in orgs {
            let stats = await org.emulator.stats()
            total += (stats["api_requests"] as? Int ?? 0) + (stats["access_tokens_issued"] as? Int ?? 0)
        }
        return total
    }

    /// Calls per resource (`search`, `composite`, `sobjects`, ... and `sign-in`), summed over
    /// every org: where a back-fill's calls went.
    func callsByResource() async -> [String: Int] {
        var total: [String: Int] = [:]
        for org in orgs {
            let stats = await org.emulator.stats()
            for (resource, count) in stats["by_resource"] as? [String: Int] ?? [:] {
                total[resource, default: 0] += count
            }
            total["sign-in", default: 0] += stats["access_tokens_issued"] as? Int ?? 0
        }
        return total
    }

    /// Tasks in every org.
    func tasks() async -> Int {
        var total = 0
        for org in orgs {
            total += ((await org.emulator.stats()["records"] as? [String: Any])?["Task"] as? Int) ?? 0
        }
        return total
    }
}
