import Synchronization

/// Bounds the requests the events endpoint works on at once, so that bodies waiting for the
/// writer cannot pile up in memory: past the bound, requests are answered 503 at once.
final class RequestGate: Sendable {
    let limit: Int
    private let active = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a place, or returns false when all are taken.
    func enter() -> Bool {
        let now = active.wrappingAdd(1, ordering: .relaxed).newValue
        if now > limit {
            active.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() { active.wrappingSubtract(1, ordering: .relaxed) }
}
