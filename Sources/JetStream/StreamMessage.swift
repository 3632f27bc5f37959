internal import CNATS

/// A message as a stream stored it: where, under which subject, what it holds.
public struct StreamMessage: Sendable {
    public var sequence: UInt64
    public var subject: String
    public var data: [UInt8]
    /// The headers avosync reads (only those asked for when reading).
    public var headers: [String: String]

    init(_ message: OpaquePointer, sequence: UInt64, headers names: [String]) {
        self.sequence = sequence
        subject = String(cString: natsMsg_GetSubject(message))
        let length = Int(natsMsg_GetDataLength(message))
        if length > 0, let bytes = natsMsg_GetData(message) {
            data = bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
                Array(UnsafeBufferPointer(start: $0, count: length))
            }
        } else {
            data = []
        }
        var headers: [String: String] = [:]
        for name in names {
            var value: UnsafePointer<CChar>?
            if natsMsgHeader_Get(message, name, &value) == NATS_OK, let value { headers[name] = String(cString: value) }
        }
        self.headers = headers
    }
}

extension NATSConnection {
    /// The message at `sequence` of `stream`, or nil when there is none (never stored, or deleted).
    public func message(
        in stream: String,
        at sequence: UInt64,
        headers: [String] = []
    ) throws(JetStreamError) -> StreamMessage? {
        var message: OpaquePointer?
        var code = jsErrCode(0)
        let status = js_GetMsg(&message, context, stream, sequence, nil, &code)
        if Int(code.rawValue) == JetStreamError.Code.noMessageFound || status == NATS_NOT_FOUND { return nil }
        try check(status, "read message \(sequence) of \(stream)", code)
        defer { natsMsg_Destroy(message) }
        return StreamMessage(message!, sequence: natsMsg_GetSequence(message), headers: headers)
    }

    /// The newest message of `stream` under `subject`, or nil when it has none.
    public func lastMessage(
        in stream: String,
        subject: String,
        headers: [String] = []
    ) throws(JetStreamError) -> StreamMessage? {
        var message: OpaquePointer?
        var code = jsErrCode(0)
        let status = js_GetLastMsg(&message, context, stream, subject, nil, &code)
        if Int(code.rawValue) == JetStreamError.Code.noMessageFound || status == NATS_NOT_FOUND { return nil }
        try check(status, "read the last message of \(subject)", code)
        defer { natsMsg_Destroy(message) }
        return StreamMessage(message!, sequence: natsMsg_GetSequence(message), headers: headers)
    }
}
