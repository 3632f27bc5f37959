public import Hummingbird

/// The request context of the ingest service: Hummingbird's core context with the service's
/// upload limit.
public struct IngestRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
    }

    /// The contract's body limit; the events endpoint enforces it itself while reading.
    public var maxUploadSize: Int { EventsEndpoint.maxBodyBytes }
}
