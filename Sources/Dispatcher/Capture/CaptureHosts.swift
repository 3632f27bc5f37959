import Foundation
import Projection
import SyncModel
import Synchronization

/// Capture after a `sync --once` pass: the state loaded from both logs (no lane runs), the
/// outcomes recorded straight to the sync log.
struct LoadedStateHost: CaptureHost {
    let state: ProjectionState
    let selected: [String]
    let recorder: OutcomeRecorder

    func accounts() async -> [String] { selected }
    func hold(_ account: String) async -> AccountState? { state.accounts[account] }
    func release(_ account: String, recording outcomes: [Outcome]) async throws {
        guard !outcomes.isEmpty else { return }
        _ = try await recorder.record(outcomes)
    }
}

/// Capture while following: each account's lane, held between its batches.
final class LaneHost: CaptureHost {
    private let lanes = Mutex<[String: AccountLane]>([:])
    /// Per account, the end of what capture last appended for it: its lane must have folded
    /// that far before its next poll, or it would find the same changes again.
    private let appended = Mutex<[String: UInt64]>([:])

    func add(_ lane: AccountLane) { lanes.withLock { $0[lane.account] = lane } }
    func remove(_ account: String) { _ = lanes.withLock { $0.removeValue(forKey: account) } }
    func noteAppended(_ ends: [String: UInt64]) { appended.withLock { $0.merge(ends) { max($0, $1) } } }

    func accounts() async -> [String] { lanes.withLock { $0.keys.sorted() } }

    func hold(_ account: String) async -> AccountState? {
        guard let lane = lanes.withLock({ $0[account] }) else { return nil }
        return await lane.holdForCapture(folded: appended.withLock { $0[account] ?? 0 })
    }

    func release(_ account: String, recording outcomes: [Outcome]) async throws {
        guard let lane = lanes.withLock({ $0[account] }) else { return }
        try await lane.releaseAfterCapture(recording: outcomes)
    }
}
