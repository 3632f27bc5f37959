internal import CNATS

/// A durable pull consumer that reads a stream from a given sequence and wants every message
/// acknowledged explicitly.
public struct ConsumerConfiguration: Sendable, Equatable {
    public var stream: String
    public var durableName: String
    /// The first sequence delivered.
    public var startSequence: UInt64
    /// Only messages under this subject (nil: all).
    public var filterSubject: String?
    /// How long the server waits for an acknowledgement before delivering again.
    public var ackWait: Duration
    /// Messages delivered and not yet acknowledged, at most.
    public var maxAckPending: Int

    public init(
        stream: String,
        durableName: String,
        startSequence: UInt64,
        filterSubject: String? = nil,
        ackWait: Duration = .seconds(30),
        maxAckPending: Int = 20_000
    ) {
        self.stream = stream
        self.durableName = durableName
        self.startSequence = startSequence
        self.filterSubject = filterSubject
        self.ackWait = ackWait
        self.maxAckPending = maxAckPending
    }
}

extension NATSConnection {
    /// Deletes the durable consumer if it exists.
    public func deleteConsumer(_ name: String, of stream: String) throws(JetStreamError) {
        var code = jsErrCode(0)
        let status = js_DeleteConsumer(context, stream, name, nil, &code)
        if status == NATS_OK || status == NATS_NOT_FOUND || Int(code.rawValue) == JetStreamError.Code.consumerNotFound {
            return
        }
        try check(status, "delete the consumer \(name) of \(stream)", code)
    }

    /// Creates the durable consumer and checks that the server kept every setting: a server that
    /// does not know a setting drops it silently and would deliver something else.
    public func createConsumer(_ configuration: ConsumerConfiguration) throws(JetStreamError) {
        var config = jsConsumerConfig()
        jsConsumerConfig_Init(&config)
        var info: UnsafeMutablePointer<jsConsumerInfo>?
        var code = jsErrCode(0)
        let status = configuration.durableName.withCString { durable in
            withOptionalCString(configuration.filterSubject) { filter in
                config.Durable = durable
                config.DeliverPolicy = js_DeliverByStartSequence
                config.OptStartSeq = max(1, configuration.startSequence)
                config.AckPolicy = js_AckExplicit
                config.AckWait = configuration.ackWait.nanoseconds
                config.MaxAckPending = Int64(configuration.maxAckPending)
                config.FilterSubject = filter
                return js_AddConsumer(&info, context, configuration.stream, &config, nil, &code)
            }
        }
        try check(status, "create the consumer \(configuration.durableName) of \(configuration.stream)", code)
        defer { jsConsumerInfo_Destroy(info) }
        try ConsumerConfiguration.verify(configuration, against: info!.pointee.Config.pointee)
    }

    /// A subscription bound to the durable consumer, to fetch from.
    public func pullConsumer(_ configuration: ConsumerConfiguration) throws(JetStreamError) -> PullConsumer {
        var options = jsSubOptions()
        jsSubOptions_Init(&options)
        var subscription: OpaquePointer?
        var code = jsErrCode(0)
        let status = configuration.stream.withCString { stream in
            configuration.durableName.withCString { durable in
                options.Stream = stream
                options.Consumer = durable
                return js_PullSubscribe(
                    &subscription,
                    context,
                    configuration.filterSubject,
                    durable,
                    nil,
                    &options,
                    &code
                )
            }
        }
        try check(status, "bind to the consumer \(configuration.durableName) of \(configuration.stream)", code)
        return PullConsumer(subscription: subscription!, connection: self, name: configuration.durableName)
    }
}

extension ConsumerConfiguration {
    /// Throws when the server's copy of the consumer differs from what was asked.
    static func verify(_ asked: ConsumerConfiguration, against kept: jsConsumerConfig) throws(JetStreamError) {
        var differences: [String] = []
        if kept.DeliverPolicy != js_DeliverByStartSequence { differences.append("deliver_policy") }
        if kept.OptStartSeq != max(1, asked.startSequence) { differences.append("opt_start_seq") }
        if kept.AckPolicy != js_AckExplicit { differences.append("ack_policy") }
        if kept.AckWait != asked.ackWait.nanoseconds { differences.append("ack_wait") }
        if kept.MaxAckPending != Int64(asked.maxAckPending) { differences.append("max_ack_pending") }
        let filter = kept.FilterSubject.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        if filter != asked.filterSubject { differences.append("filter_subject") }
        guard differences.isEmpty else {
            throw JetStreamError(
                operation: "create the consumer \(asked.durableName) of \(asked.stream)",
                status: "the server did not keep \(differences.joined(separator: ", ")) as asked"
                    + " (a server older than nats-server 2.9 drops settings it does not know); upgrade the server"
            )
        }
    }
}

func withOptionalCString<T>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
