/// Where things live in a data directory (CONTRACT.md section 2).
///
/// `events/` and `credentials/` are irreplaceable; `sync/` can be rebuilt by syncing again,
/// `snapshots/` by folding the logs, and `cache/` (what orgs' describes said) by asking again.
public struct DataLayout: Sendable, Equatable {
    /// The data directory.
    public var root: String

    public init(root: String) { self.root = root }

    /// The events log, written by ingest.
    public var events: String { root + "/events" }
    /// The sync log, written by the dispatcher.
    public var sync: String { root + "/sync" }
    /// Projection snapshots.
    public var snapshots: String { root + "/snapshots" }
    /// Stored Salesforce credentials (mode 0600).
    public var credentials: String { root + "/credentials" }
    /// Derived data kept across runs: the orgs' describes.
    public var cache: String { root + "/cache" }
}
