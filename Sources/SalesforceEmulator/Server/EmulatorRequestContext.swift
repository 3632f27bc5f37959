public import Hummingbird
import NIOCore

/// The request context of the emulator's HTTP server: Hummingbird's core context plus the
/// connection, so that an injected fault can drop it.
public struct EmulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// Collection requests of 200 records with long descriptions run to megabytes.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}
