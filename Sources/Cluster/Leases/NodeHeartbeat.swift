import Foundation

/// What a node says of itself in the nodes bucket, every quarter of a lease: it is alive, which
/// partitions it owns, how far it has copied the events stream and dispatched it.
public struct NodeHeartbeat: Codable, Sendable, Equatable {
    public var node: String
    public var partitions: [Int]
    /// The last events-stream sequence in the node's local log.
    public var copiedThrough: UInt64
    /// Where its slowest lane stands in the events log (nil: not dispatching).
    public var dispatchedThrough: UInt64?

    enum CodingKeys: String, CodingKey {
        case node, partitions
        case copiedThrough = "copied_through"
        case dispatchedThrough = "dispatched_through"
    }

    func encoded() -> [UInt8] { (try? Array(JSONEncoder().encode(self))) ?? Array(node.utf8) }

    /// Decodes a heartbeat; a bare name (or anything unreadable) counts as a node with no details.
    static func decode(_ bytes: [UInt8]) -> NodeHeartbeat {
        (try? JSONDecoder().decode(NodeHeartbeat.self, from: Data(bytes)))
            ?? NodeHeartbeat(node: String(decoding: bytes, as: UTF8.self), partitions: [], copiedThrough: 0)
    }
}
