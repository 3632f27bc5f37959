public import Dispatcher
import Foundation
import JetStream
public import Projection

/// The accounts' credentials in the cluster's bucket, sealed; each node opens them into its own
/// data directory (mode 0600), where its dispatcher reads them as on a single machine.
public struct ClusterCredentials: Sendable {
    let bucket: KeyValueBucket
    let seal: CredentialSeal

    public init(resources: ClusterResources, seal: CredentialSeal) {
        bucket = resources.credentials
        self.seal = seal
    }

    /// Seals and stores `credentials` for `account`.
    public func store(_ credentials: StoredCredentials, for account: String) throws {
        try bucket.put(ClusterNames.credentialsKey(account), seal.seal(credentials, account: account))
    }

    /// Copies the account's credentials into `layout`; false when the cluster has none for it.
    @discardableResult
    public func copy(_ account: String, into layout: DataLayout) throws -> Bool {
        guard let entry = try bucket.get(ClusterNames.credentialsKey(account)) else { return false }
        let credentials = try seal.open(entry.value, account: account)
        let store = CredentialsStore(layout: layout)
        if (try? store.load(account)) == credentials { return true }
        try store.save(credentials, for: account)
        return true
    }

    /// Copies every account's credentials into `layout`; returns the accounts copied and the
    /// errors of those that could not be.
    public func copyAll(into layout: DataLayout) throws -> (copied: [String], failed: [String: String]) {
        var copied: [String] = []
        var failed: [String: String] = [:]
        for entry in try bucket.entries() {
            guard let account = Self.account(ofKey: entry.key) else { continue }
            do {
                let credentials = try seal.open(entry.value, account: account)
                let store = CredentialsStore(layout: layout)
                if (try? store.load(account)) != credentials { try store.save(credentials, for: account) }
                copied.append(account)
            } catch {
                failed[account] = "\(error)"
            }
        }
        return (copied, failed)
    }

    static func account(ofKey key: String) -> String? {
        guard key.hasPrefix("account-") else { return nil }
        let hex = Array(key.dropFirst(8).utf8)
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < hex.count {
            guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
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
}
