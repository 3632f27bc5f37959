public import Ingest
public import ServiceLifecycle

/// Lets the events log's lock go whenever ingest has been idle for its `releaseWhenIdle`, so that
/// `avosync append` and `connect` can write beside the service; the next request takes it back.
public struct IdleReleaseService: Service {
    let ingest: IngestLog

    public init(ingest: IngestLog) { self.ingest = ingest }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .milliseconds(250))
                ingest.releaseIfIdle()
            }
        }
    }
}
