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
        try configuration.check(KeptConsumerSettings(info!.pointee.Config.pointee))
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

/// The settings of a consumer as the server kept them (what it returned on creation).
public struct KeptConsumerSettings: Sendable, Equatable {
    public var deliversFromStartSequence: Bool
    public var startSequence: UInt64
    public var acknowledgesExplicitly: Bool
    public var ackWait: Duration
    public var maxAckPending: Int
    public var filterSubject: String?

    public init(
        deliversFromStartSequence: Bool,
        startSequence: UInt64,
        acknowledgesExplicitly: Bool,
        ackWait: Duration,
        maxAckPending: Int,
        filterSubject: String?
    ) {
        self.deliversFromStartSequence = deliversFromStartSequence
        self.startSequence = startSequence
        self.acknowledgesExplicitly = acknowledgesExplicitly
        self.ackWait = ackWait
        self.maxAckPending = maxAckPending
        self.filterSubject = filterSubject
    }

    init(_ kept: jsConsumerConfig) {
        self.init(
            deliversFromStartSequence: kept.DeliverPolicy == js_DeliverByStartSequence,
            startSequence: kept.OptStartSeq,
            acknowledgesExplicitly: kept.AckPolicy == js_AckExplicit,
            ackWait: .nanoseconds(kept.AckWait),
            maxAckPending: Int(kept.MaxAckPending),
            filterSubject: kept.FilterSubject.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}

extension ConsumerConfiguration {
    /// Throws, naming the settings, when the server's copy of the consumer differs from what was
    /// asked: a server that does not know a setting drops it silently.
    public func check(_ kept: KeptConsumerSettings) throws(JetStreamError) {
        var differences: [String] = []
        if !kept.deliversFromStartSequence { differences.append("deliver_policy") }
        if kept.startSequence != max(1, startSequence) { differences.append("opt_start_seq") }
        if !kept.acknowledgesExplicitly { differences.append("ack_policy") }
        if kept.ackWait != ackWait { differences.append("ack_wait") }
        if kept.maxAckPending != maxAckPending { differences.append("max_ack_pending") }
        if kept.filterSubject != filterSubject { differences.append("filter_subject") }
        guard differences.isEmpty else {
            throw JetStreamError(
                operation: "create the consumer \(durableName) of \(stream)",
                status: "the server did not keep \(differences.joined(separator: ", ")) as asked"
                    + " (a server drops settings it does not know); use nats-server 2.9 or later"
            )
        }
    }
}

func withOptionalCString<T>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
