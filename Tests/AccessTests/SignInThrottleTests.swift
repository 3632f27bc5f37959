import Synchronization
import Testing

@testable import Access

/// Sign-in failures slow down the address they come from, and only that one.
@Suite("Access: sign-in throttling")
struct SignInThrottleTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let now = Mutex(ContinuousClock.now)
        var instant: ContinuousClock.Instant { now.withLock { $0 } }
        func advance(_ duration: Duration) { now.withLock { $0 += duration } }
    }

    @Test("after the free failures, each failure makes the address wait longer: 1 s, 2 s, 4 s, up to the cap")
    func waitsGrow() {
        let clock = ManualClock()
        let throttle = SignInThrottle(failurePause: .zero, freeFailures: 3, longestWait: .seconds(5)) { clock.instant }
        for _ in 0..<3 {
            #expect(throttle.admit("10.0.0.1") == .proceed)
            throttle.failed("10.0.0.1")
        }
        #expect(throttle.admit("10.0.0.1") == .proceed, "three failures cost only the pause")
        var waits: [Duration] = []
        for _ in 0..<5 {
            throttle.failed("10.0.0.1")
            guard case .wait(let wait) = throttle.admit("10.0.0.1") else {
                Issue.record("a failure past the free ones must make the address wait")
                return
            }
            waits.append(wait)
            clock.advance(wait)
            #expect(throttle.admit("10.0.0.1") == .proceed)
        }
        #expect(waits == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
    }

    @Test("one address's failures do not slow another, and a success forgets them")
    func perAddress() {
        let clock = ManualClock()
        let throttle = SignInThrottle(failurePause: .milliseconds(250), freeFailures: 0) { clock.instant }
        throttle.failed("10.0.0.1")
        #expect(throttle.admit("10.0.0.1") != .proceed)
        #expect(throttle.admit("10.0.0.2") == .proceed)
        clock.advance(.seconds(2))
        throttle.succeeded("10.0.0.1")
        throttle.failed("10.0.0.1")
        #expect(throttle.admit("10.0.0.1") == .wait(.milliseconds(1250)), "counting starts again after a success")
    }

    @Test("an attempt while the last failure is still being answered waits for it")
    func failurePauseHoldsTheAddress() {
        let clock = ManualClock()
        let throttle = SignInThrottle(failurePause: .milliseconds(250), freeFailures: 3) { clock.instant }
        throttle.failed("::1")
        #expect(throttle.admit("::1") == .wait(.milliseconds(250)))
        clock.advance(.milliseconds(250))
        #expect(throttle.admit("::1") == .proceed)
    }
}
