import Synchronization

/// Bounds the bytes of request bodies held in memory at once, while they arrive and until their
/// events are appended. Bodies no longer hold a request slot while they arrive (a slow client
/// would hold it for nothing), so this is what keeps many large bodies from exhausting memory:
/// past the bound, a request is answered 503 and its bytes are let go.
final class BodyBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes `bytes` of the budget, or returns false (taking nothing) when they do not fit.
    func take(_ bytes: Int) -> Bool {
        let now = used.wrappingAdd(bytes, ordering: .relaxed).newValue
        if now > limit {
            used.wrappingSubtract(bytes, ordering: .relaxed)
            return false
        }
        return true
    }

    func give(_ bytes: Int) { used.wrappingSubtract(bytes, ordering: .relaxed) }
}
