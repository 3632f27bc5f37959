internal import CNATS

/// A pull subscription bound to a durable consumer: fetches batches, and acknowledges them once
/// the caller has kept them. Used by one task at a time.
public final class PullConsumer: @unchecked Sendable {
    // @unchecked: the subscription pointer is freed only in deinit; the C client locks its own
    // state, and avosync fetches from one task at a time.
    private let subscription: OpaquePointer
    /// Held so that the connection outlives the subscription that uses it.
    private let connection: NATSConnection
    public let name: String

    init(subscription: OpaquePointer, connection: NATSConnection, name: String) {
        self.subscription = subscription
        self.connection = connection
        self.name = name
    }

    deinit {
        // Not unsubscribed: the consumer is durable and outlives this subscription.
        natsSubscription_Destroy(subscription)
    }

    /// Up to `batch` messages, waiting at most `timeout` for the first; empty when none came.
    public func fetch(batch: Int, timeout: Duration, headers: [String] = []) throws(JetStreamError) -> FetchedBatch {
        var list = natsMsgList()
        var code = jsErrCode(0)
        let status = natsSubscription_Fetch(&list, subscription, Int32(batch), max(1, timeout.milliseconds), &code)
        if status == NATS_TIMEOUT { return FetchedBatch(pointers: [], headers: headers) }
        try check(status, "fetch from the consumer \(name)", code)
        var pointers: [OpaquePointer] = []
        for index in 0..<Int(list.Count) {
            if let message = list.Msgs[index] {
                pointers.append(message)
                list.Msgs[index] = nil
            }
        }
        natsMsgList_Destroy(&list)
        return FetchedBatch(pointers: pointers, headers: headers)
    }
}

/// Messages fetched together; acknowledge them once kept, or let them be delivered again.
public final class FetchedBatch: @unchecked Sendable {
    // @unchecked: owned by the one task that fetched it.
    private let pointers: [OpaquePointer]
    /// The messages, each with its stream sequence.
    public let messages: [StreamMessage]

    init(pointers: [OpaquePointer], headers: [String]) {
        self.pointers = pointers
        messages = pointers.map { message in
            var meta: UnsafeMutablePointer<jsMsgMetaData>?
            var sequence: UInt64 = 0
            if natsMsg_GetMetaData(&meta, message) == NATS_OK, let meta {
                sequence = meta.pointee.Sequence.Stream
                jsMsgMetaData_Destroy(meta)
            }
            return StreamMessage(message, sequence: sequence, headers: headers)
        }
    }

    deinit { pointers.forEach { natsMsg_Destroy($0) } }

    /// Acknowledges every message (without waiting for the server's answer: one that is lost
    /// means a redelivery, which the reader passes over by sequence).
    public func acknowledge() {
        for message in pointers { _ = natsMsg_Ack(message, nil) }
    }
}
