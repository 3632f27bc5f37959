/// An event's identity, `(account, id)`, as 128 bits: what the dedup window keeps instead of the
/// strings.
///
/// Two SipHash values under the process's random hashing seed (Swift's `Hasher`), one for each
/// half. Keyed, so that a producer cannot craft two identities with one key and make another
/// account's event look like a duplicate; the window is rebuilt from the log on every start, so
/// the key need not outlive the process. At 128 bits the chance that any two of a billion events
/// share a key is about 10^-21.
struct EventKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// The key of `account` and `id`, given as UTF-8 bytes.
    init(account: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer) {
        var first = Hasher()
        var second = Hasher()
        first.combine(UInt8(1))
        second.combine(UInt8(2))
        // The account's length first: ("ab", "c") and ("a", "bc") must differ.
        first.combine(account.count)
        second.combine(account.count)
        first.combine(bytes: account)
        second.combine(bytes: account)
        first.combine(bytes: id)
        second.combine(bytes: id)
        high = UInt64(UInt(bitPattern: first.finalize()))
        low = UInt64(UInt(bitPattern: second.finalize()))
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

    func hash(into hasher: inout Hasher) { hasher.combine(high) }
}
