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
        try keep(entry.value, of: account, in: layout)
        return true
    }

    /// Copies every account's credentials into `layout`; returns the accounts copied and the
    /// errors of those that could not be.
    public func copyAll(into layout: DataLayout) throws -> (copied: [String], failed: [String: String]) {
        var copied: [String] = []
        var failed: [String: String] = [:]
        for entry in try bucket.entries() {
            guard let account = ClusterNames.account(ofCredentialsKey: entry.key) else { continue }
            do {
                try keep(entry.value, of: account, in: layout)
                copied.append(account)
            } catch {
                failed[account] = "\(error)"
            }
        }
        return (copied, failed)
    }

    /// Opens sealed credentials and saves them in `layout` (mode 0600) unless they are there already.
    private func keep(_ sealed: [UInt8], of account: String, in layout: DataLayout) throws {
        let credentials = try seal.open(sealed, account: account)
        let store = CredentialsStore(layout: layout)
        if (try? store.load(account)) != credentials { try store.save(credentials, for: account) }
    }
}
