public import Foundation

/// Where the benchmarks find the repository's org fixtures; they serve them with the emulator's
/// own `LoopbackEmulator`.
public enum BenchmarkFixtures {
    /// The repository's standard org fixture.
    public static let standardOrg = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/orgs/standard.json")
}
