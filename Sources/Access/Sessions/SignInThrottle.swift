import Synchronization

/// Slows down guessing tokens at the dashboard's sign-in form, per client address, so that one
/// guesser does not slow anybody else.
///
/// Each failed attempt is answered after `failurePause`; while it is, the same address gets no
/// other answer than "wait" (so parallel guesses do not help). After `freeFailures` failures in
/// a row, an address must wait before it may try again: 1 s after the next failure, then 2 s,
/// 4 s, ... up to `longestWait`. A success forgets the address's failures; so does an hour
/// without one. At most `capacity` addresses are remembered (the quietest are forgotten first).
public final class SignInThrottle: Sendable {
    /// What to do with an attempt.
    public enum Verdict: Equatable, Sendable {
        /// Check the token.
        case proceed
        /// Refuse without checking it; the address may try again after this long.
        case wait(Duration)
    }

    public let failurePause: Duration
    public let freeFailures: Int
    public let longestWait: Duration
    public let capacity: Int
    private let forgetAfter: Duration = .seconds(3600)
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let addresses = Mutex<[String: Record]>([:])

    private struct Record {
        var failures: Int
        var lastFailure: ContinuousClock.Instant
        var notBefore: ContinuousClock.Instant
    }

    public init(
        failurePause: Duration = .milliseconds(250),
        freeFailures: Int = 3,
        longestWait: Duration = .seconds(60),
        capacity: Int = 100_000,
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.failurePause = failurePause
        self.freeFailures = freeFailures
        self.longestWait = longestWait
        self.capacity = capacity
        self.clock = clock
    }

    /// Whether an attempt from `address` may be checked now.
    public func admit(_ address: String) -> Verdict {
        let now = clock()
        return addresses.withLock { addresses in
            guard let record = addresses[address] else { return .proceed }
            if now - record.lastFailure > forgetAfter {
                addresses[address] = nil
                return .proceed
            }
            return now < record.notBefore ? .wait(record.notBefore - now) : .proceed
        }
    }

    /// Notes a failed attempt from `address`; the caller then waits `failurePause` before it answers.
    public func failed(_ address: String) {
        let now = clock()
        addresses.withLock { addresses in
            var record = addresses[address] ?? Record(failures: 0, lastFailure: now, notBefore: now)
            if now - record.lastFailure > forgetAfter { record.failures = 0 }
            record.failures += 1
            record.lastFailure = now
            record.notBefore = now + failurePause + wait(after: record.failures)
            if addresses[address] == nil, addresses.count >= capacity,
                let quietest = addresses.min(by: { $0.value.lastFailure < $1.value.lastFailure })?.key
            {
                addresses[quietest] = nil
            }
            addresses[address] = record
        }
    }

    /// Forgets `address`'s failures after a successful sign-in.
    public func succeeded(_ address: String) {
        _ = addresses.withLock { $0.removeValue(forKey: address) }
    }

    /// How long an address waits after its `failures`-th failure in a row, beyond the pause.
    func wait(after failures: Int) -> Duration {
        guard failures > freeFailures else { return .zero }
        let doublings = min(failures - freeFailures - 1, 30)
        return min(.seconds(1) * (1 << doublings), longestWait)
    }
}
