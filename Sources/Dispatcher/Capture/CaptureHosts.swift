import Foundation
import Projection
import SyncModel
import Synchronization

/// Capture after a `sync --once` pass: the state loaded from both logs (no lane runs, so no
/// write can race a query), the outcomes recorded straight to the sync log.
struct LoadedStateHost: CaptureHost {
    let state: ProjectionState
    let selected: [String]
    let recorder: any OutcomeSink

    func accounts() async -> [String] { selected }

    func view(_ account: String, since: UInt64?) async -> CaptureView? {
        state.accounts[account].map { CaptureView(state: $0, answered: 0, busy: []) }
    }

    func record(_ account: String, _ outcomes: [Outcome]) async throws {
        guard !outcomes.isEmpty else { return }
        _ = try await recorder.record(outcomes)
    }
}

/// Capture while following: each account's lane, which goes on working while its org is read.
final class LaneHost: CaptureHost {
    private let lanes = Mutex<[String: AccountLane]>([:])
    /// Per account, the end of what capture last appended for it: its lane must have folded
    /// that far before its next poll, or it would find the same changes again.
    private let appended = Mutex<[String: UInt64]>([:])

    func add(_ lane: AccountLane) { lanes.withLock { $0[lane.account] = lane } }
    func remove(_ account: String) { _ = lanes.withLock { $0.removeValue(forKey: account) } }
    func noteAppended(_ ends: [String: UInt64]) { appended.withLock { $0.merge(ends) { max($0, $1) } } }

    func accounts() async -> [String] { lanes.withLock { $0.keys.sorted() } }

    func view(_ account: String, since: UInt64?) async -> CaptureView? {
        guard let lane = lanes.withLock({ $0[account] }) else { return nil }
        return await lane.captureView(since: since, folded: appended.withLock { $0[account] ?? 0 })
    }

    func record(_ account: String, _ outcomes: [Outcome]) async throws {
        guard !outcomes.isEmpty, let lane = lanes.withLock({ $0[account] }) else { return }
        try await lane.recordCapture(outcomes)
    }
}
