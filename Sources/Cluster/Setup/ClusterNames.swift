/// The names avosync gives its streams, subjects and buckets in JetStream.
public enum ClusterNames {
    /// Every event, under `avosync.events.PARTITION.ACCOUNT` (the account in hex: subjects allow
    /// only some characters).
    public static let eventsStream = "AVOSYNC_EVENTS"
    /// Every partition's outcomes and checkpoints, under `avosync.outcomes.PARTITION`.
    public static let outcomesStream = "AVOSYNC_OUTCOMES"
    /// `p-N`: the node that owns partition N (expires a lease time after its last renewal).
    public static let leasesBucket = "avosync-leases"
    /// `node-NAME`: the live nodes (expires a lease time after the node's last heartbeat).
    public static let nodesBucket = "avosync-nodes"
    /// `account-HEX`: each account's Salesforce credentials, sealed with the cluster's key.
    public static let credentialsBucket = "avosync-credentials"
    /// `settings`: the cluster's partition count and lease time, fixed when it is created.
    public static let settingsBucket = "avosync-cluster"

    public static func eventSubject(partition: Int, account: String) -> String {
        "avosync.events.\(partition).\(hex(account))"
    }

    public static func outcomesSubject(partition: Int) -> String { "avosync.outcomes.\(partition)" }

    static func leaseKey(_ partition: Int) -> String { "p-\(partition)" }

    static func partition(ofLeaseKey key: String) -> Int? {
        key.hasPrefix("p-") ? Int(key.dropFirst(2)) : nil
    }

    static func nodeKey(_ node: String) -> String { "node-\(hex(node))" }

    static func credentialsKey(_ account: String) -> String { "account-\(hex(account))" }

    /// The account of a `credentialsKey`, or nil for another key.
    static func account(ofCredentialsKey key: String) -> String? {
        guard key.hasPrefix("account-") else { return nil }
        let digits = Array(key.dropFirst(8).utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Lowercase hex of the UTF-8 bytes.
    static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
