import Crypto

/// An event's identity, `(account, id)`, as 128 bits of SHA-256: what the dedup window keeps
/// instead of the strings.
///
/// SHA-256 rather than a fast hash: keys come from producers, and a producer able to craft two
/// identities with one key could make another account's event look like a duplicate. At 128 bits
/// the chance that any two of a billion events share a key is about 10^-21.
struct EventKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// The key of `account` and `id`, given as UTF-8 bytes.
    init(account: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer) {
        var hasher = SHA256()
        // The account's length first: ("ab", "c") and ("a", "bc") must differ.
        var length = UInt32(account.count).littleEndian
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: account)
        hasher.update(bufferPointer: id)
        let digest = hasher.finalize()
        (high, low) = digest.withUnsafeBytes { bytes in
            (
                bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            )
        }
    }

    /// The key of `account` and `id`.
    init(account: String, id: String) {
        var account = account
        var id = id
        self = account.withUTF8 { accountBytes in
            id.withUTF8 { idBytes in
                EventKey(account: UnsafeRawBufferPointer(accountBytes), id: UnsafeRawBufferPointer(idBytes))
            }
        }
    }
}
