import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request does not arrive whole within `timeout` of its head: a
/// client that sends its body slowly (or stalls part-way) is cut off instead of holding the
/// connection, and whatever the route reading the body held, for good.
///
/// The time before a head arrives (headers sent slowly, or a keep-alive connection left idle) is
/// bounded by the listener's idle timeout, set to the same value.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private let logger: Logger
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let logger = logger
            let seconds = timeout.nanoseconds / 1_000_000_000
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                logger.notice(
                    "closed a connection whose request did not arrive whole within the read timeout",
                    metadata: ["read_timeout_seconds": "\(seconds)"]
                )
                context.close(promise: nil)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
