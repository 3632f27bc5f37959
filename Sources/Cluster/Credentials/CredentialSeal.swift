import Crypto
public import Dispatcher
import Foundation

/// Seals an account's Salesforce credentials with the cluster's key (ChaCha20-Poly1305, the
/// account name as authenticated data), so that NATS only ever holds ciphertext.
public struct CredentialSeal: Sendable {
    /// The key's bytes (`SymmetricKey` is not `Sendable`).
    private let keyBytes: [UInt8]
    /// The key file, for messages.
    public let keyFile: String

    /// Reads the key file: exactly 32 random bytes (`head -c 32 /dev/urandom > FILE`).
    public init(keyFile: String) throws {
        guard let data = FileManager.default.contents(atPath: keyFile) else {
            throw ClusterError("cannot read the credentials key file \(keyFile)")
        }
        guard data.count == 32 else {
            throw ClusterError(
                "the credentials key file \(keyFile) holds \(data.count) bytes; it must hold 32 random bytes (head -c 32 /dev/urandom > \(keyFile))"
            )
        }
        keyBytes = Array(data)
        self.keyFile = keyFile
    }

    public func seal(_ credentials: StoredCredentials, account: String) throws -> [UInt8] {
        let plain = try JSONEncoder().encode(credentials)
        let box = try ChaChaPoly.seal(plain, using: SymmetricKey(data: keyBytes), authenticating: Data(account.utf8))
        return Array(box.combined)
    }

    public func open(_ sealed: [UInt8], account: String) throws -> StoredCredentials {
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealed)
            let plain = try ChaChaPoly.open(
                box,
                using: SymmetricKey(data: keyBytes),
                authenticating: Data(account.utf8)
            )
            return try JSONDecoder().decode(StoredCredentials.self, from: plain)
        } catch {
            throw ClusterError(
                "the credentials of account \(account) in the cluster cannot be opened with the key in \(keyFile): it is not the key they were sealed with (give every node the key file used by `connect --cluster`, or connect the account again)"
            )
        }
    }
}
