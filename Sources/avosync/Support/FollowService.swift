import Dispatcher
import ServiceLifecycle
import Synchronization

/// `sync --follow` as a service: graceful shutdown lets the batch in flight finish.
final class FollowService: Service, Sendable {
    let dispatcher: Dispatcher
    let stopping = Atomic<Bool>(false)
    let report = Mutex<DispatchReport?>(nil)
    /// Why following stopped, if it failed: kept so that the command can say so and exit 1.
    let failure = Mutex<(any Error)?>(nil)

    init(dispatcher: Dispatcher) { self.dispatcher = dispatcher }

    func run() async throws {
        await withGracefulShutdownHandler {
            do {
                let result = try await dispatcher.follow { self.stopping.load(ordering: .relaxed) }
                report.withLock { $0 = result }
            } catch {
                failure.withLock { $0 = error }
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }
}
