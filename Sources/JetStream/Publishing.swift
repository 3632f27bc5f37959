internal import CNATS
import Synchronization

/// A message to publish to a stream.
public struct OutgoingMessage: Sendable {
    public var subject: String
    public var data: [UInt8]
    /// JetStream drops a second message with the same id within the stream's duplicate window.
    public var messageID: String?
    /// Refused unless the stream's last message under `subject` has this sequence (0: none yet).
    public var expectedLastSubjectSequence: UInt64?
    public var headers: [String: String]

    public init(
        subject: String,
        data: [UInt8],
        messageID: String? = nil,
        expectedLastSubjectSequence: UInt64? = nil,
        headers: [String: String] = [:]
    ) {
        self.subject = subject
        self.data = data
        self.messageID = messageID
        self.expectedLastSubjectSequence = expectedLastSubjectSequence
        self.headers = headers
    }
}

/// JetStream's answer to a publish: the message is stored (on a majority of its replicas).
public struct PublishAck: Sendable, Equatable {
    /// Where the stream holds it.
    public var sequence: UInt64
    /// The stream held a message with the same id already; `sequence` is that message's.
    public var duplicate: Bool

    public init(sequence: UInt64, duplicate: Bool) {
        self.sequence = sequence
        self.duplicate = duplicate
    }
}

extension NATSConnection {
    /// Publishes one message and waits up to `wait` for JetStream to store it.
    public func publish(_ outgoing: OutgoingMessage, wait: Duration = .seconds(5)) throws(JetStreamError) -> PublishAck
    {
        let message = try outgoing.makeMessage()
        defer { natsMsg_Destroy(message) }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = wait.milliseconds
        var ack: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(0)
        let status = js_PublishMsg(&ack, context, message, &options, &code)
        try check(status, "publish to \(outgoing.subject)", code)
        defer { jsPubAck_Destroy(ack) }
        return PublishAck(sequence: ack!.pointee.Sequence, duplicate: ack!.pointee.Duplicate)
    }

    /// Publishes every message without waiting for each answer, then waits (up to `wait` in all)
    /// for JetStream's answers; returns each message's answer, in order.
    public func publishAll(
        _ messages: [OutgoingMessage],
        wait: Duration = .seconds(10)
    ) -> [Result<PublishAck, JetStreamError>] {
        let tally = AsyncPublishTally(count: messages.count)
        var jsOptions = jsOptions()
        jsOptions_Init(&jsOptions)
        jsOptions.Wait = wait.milliseconds
        jsOptions.PublishAsync.MaxPending = 4096
        jsOptions.PublishAsync.AckHandler = asyncPublishAnswered
        let box = Unmanaged.passRetained(tally)
        defer { box.release() }
        jsOptions.PublishAsync.AckHandlerClosure = box.toOpaque()
        var batchContext: OpaquePointer?
        let opened = natsConnection_JetStream(&batchContext, connection, &jsOptions)
        guard opened == NATS_OK, let batchContext else {
            let error = JetStreamError("open JetStream for a batch of publishes", opened)
            return messages.map { _ in .failure(error) }
        }
        defer { jsCtx_Destroy(batchContext) }
        for (index, outgoing) in messages.enumerated() {
            do {
                var message: OpaquePointer? = try outgoing.makeMessage()
                tally.expect(message!, at: index)
                var options = jsPubOptions()
                jsPubOptions_Init(&options)
                options.MaxWait = wait.milliseconds
                let status = js_PublishMsgAsync(batchContext, &message, &options)
                if status != NATS_OK {
                    tally.forget(message)
                    if message != nil { natsMsg_Destroy(message) }
                    tally.answer(index, .failure(JetStreamError("publish to \(outgoing.subject)", status)))
                }
            } catch {
                tally.answer(index, .failure(error))
            }
        }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = wait.milliseconds
        _ = js_PublishAsyncComplete(batchContext, &options)
        // Whatever is still unanswered is returned as pending and counts as failed.
        var pending = natsMsgList()
        if js_PublishAsyncGetPendingList(&pending, batchContext) == NATS_OK {
            natsMsgList_Destroy(&pending)
        }
        return tally.results(
            timeout: JetStreamError(operation: "publish", status: "no answer within \(wait)", isTransient: true)
        )
    }
}

/// The answers of one `publishAll`, filled in by the client's callback thread.
private final class AsyncPublishTally: Sendable {
    private struct State {
        var indexOfMessage: [UInt: Int] = [:]
        var results: [Result<PublishAck, JetStreamError>?]
    }
    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(results: Array(repeating: nil, count: count))) }

    func expect(_ message: OpaquePointer, at index: Int) {
        state.withLock { $0.indexOfMessage[UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(message)))] = index }
    }

    func forget(_ message: OpaquePointer?) {
        guard let message else { return }
        _ = state.withLock {
            $0.indexOfMessage.removeValue(forKey: UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(message))))
        }
    }

    func answer(_ message: OpaquePointer?, _ result: Result<PublishAck, JetStreamError>) {
        guard let message else { return }
        state.withLock { state in
            let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(message)))
            guard let index = state.indexOfMessage.removeValue(forKey: key) else { return }
            state.results[index] = result
        }
    }

    func answer(_ index: Int, _ result: Result<PublishAck, JetStreamError>) {
        state.withLock { $0.results[index] = result }
    }

    func results(timeout: JetStreamError) -> [Result<PublishAck, JetStreamError>] {
        state.withLock { $0.results.map { $0 ?? .failure(timeout) } }
    }
}

/// The C client's callback for each asynchronous publish's answer.
private func asyncPublishAnswered(
    _ context: OpaquePointer?,
    _ message: OpaquePointer?,
    _ ack: UnsafeMutablePointer<jsPubAck>?,
    _ failure: UnsafeMutablePointer<jsPubAckErr>?,
    _ closure: UnsafeMutableRawPointer?
) {
    guard let closure else { return }
    let tally = Unmanaged<AsyncPublishTally>.fromOpaque(closure).takeUnretainedValue()
    if let ack {
        tally.answer(message, .success(PublishAck(sequence: ack.pointee.Sequence, duplicate: ack.pointee.Duplicate)))
    } else if let failure {
        let subject = message.map { String(cString: natsMsg_GetSubject($0)) } ?? "a subject"
        var error = JetStreamError("publish to \(subject)", failure.pointee.Err, failure.pointee.ErrCode)
        if let text = failure.pointee.ErrText { error.status = String(cString: text) }
        tally.answer(message, .failure(error))
    }
}

extension OutgoingMessage {
    /// A C message with the data and headers; the caller destroys it (or hands it over).
    func makeMessage() throws(JetStreamError) -> OpaquePointer {
        var message: OpaquePointer?
        let status = data.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return natsMsg_Create(&message, subject, nil, nil, 0) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                natsMsg_Create(&message, subject, nil, $0, Int32(bytes.count))
            }
        }
        try check(status, "make a message for \(subject)")
        var all = headers
        if let messageID { all["Nats-Msg-Id"] = messageID }
        if let expectedLastSubjectSequence {
            all["Nats-Expected-Last-Subject-Sequence"] = String(expectedLastSubjectSequence)
        }
        for (name, value) in all {
            let status = natsMsgHeader_Set(message, name, value)
            if status != NATS_OK {
                natsMsg_Destroy(message)
                throw JetStreamError("set the header \(name) on \(subject)", status)
            }
        }
        return message!
    }
}
