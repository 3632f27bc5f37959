#if canImport(Glibc)
import Glibc
#endif

/// How a writer lays out and secures the log.
public struct LogConfiguration: Sendable {
    /// When `append` returns.
    public enum Durability: String, Sendable, CaseIterable {
        /// After the batch is `fsync`ed; concurrent appenders share one fsync (group commit).
        case fsync
        /// After the batch is handed to the OS: survives a process crash, not a power loss.
        case os
    }

    /// When `append` returns; `.fsync` by default.
    public var durability: Durability = .fsync
    /// A segment rolls when the next batch would take it past this many bytes.
    public var segmentSize: Int64 = 64 << 20
    /// Records of one `append` call are cut into batches of at most this many uncompressed bytes
    /// (a larger record forms a batch of its own).
    public var maxBatchBytes: Int = 1 << 20
    /// The largest record accepted.
    public var maxRecordSize: Int = 64 << 20
    /// The clock that stamps appends, in microseconds since 1970. Injected so tests control time.
    public var clock: @Sendable () -> Int64 = LogConfiguration.systemClock

    /// The default configuration: fsync, 64 MiB segments, 1 MiB batches.
    public init() {}

    /// Wall-clock time in microseconds since 1970.
    public static let systemClock: @Sendable () -> Int64 = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}
