internal import CNATS

/// A failed call into NATS or JetStream: what was being done, the client's status, and
/// JetStream's own error code and text when the server sent one.
public struct JetStreamError: Error, Sendable, CustomStringConvertible {
    /// What avosync was doing, e.g. `publish to avosync.outcomes.7`.
    public var operation: String
    /// The client's status text (`timeout`, `no responders available for request`, ...).
    public var status: String
    /// JetStream's error code (0 when the server sent none).
    public var code: Int
    /// Whether the client timed out or found nobody to answer: a leader election in progress, or
    /// servers out of reach. Worth retrying with the same message id.
    public var isTransient: Bool

    /// The error codes avosync reacts to.
    public enum Code {
        /// An expected last (subject) sequence did not match: someone else wrote first.
        public static let wrongLastSequence = 10071
        public static let streamNotFound = 10059
        public static let consumerNotFound = 10014
        public static let noMessageFound = 10037
    }

    public init(operation: String, status: String, code: Int = 0, isTransient: Bool = false) {
        self.operation = operation
        self.status = status
        self.code = code
        self.isTransient = isTransient
    }

    init(_ operation: String, _ status: natsStatus, _ code: jsErrCode = jsErrCode(0)) {
        self.operation = operation
        self.code = Int(code.rawValue)
        let text = String(cString: natsStatus_GetText(status))
        // The last error of this thread often says more than the status (e.g. the server's reason).
        let detail = nats_GetLastError(nil).map { String(cString: $0) } ?? ""
        self.status = detail.isEmpty || detail == text ? text : "\(text): \(detail)"
        isTransient =
            status == NATS_TIMEOUT || status == NATS_NO_RESPONDERS || status == NATS_CONNECTION_CLOSED
            || status == NATS_CONNECTION_DISCONNECTED || status == NATS_NO_SERVER
    }

    /// Whether JetStream refused because an expected sequence did not match.
    public var isWrongLastSequence: Bool { code == Code.wrongLastSequence || status.contains("wrong last sequence") }

    public var description: String {
        code == 0 ? "\(operation): \(status)" : "\(operation): \(status) (JetStream error \(code))"
    }
}

/// Throws a `JetStreamError` unless `status` is `NATS_OK`.
@inline(__always)
func check(
    _ status: natsStatus,
    _ operation: @autoclosure () -> String,
    _ code: jsErrCode = jsErrCode(0)
) throws(JetStreamError) {
    if status != NATS_OK { throw JetStreamError(operation(), status, code) }
}
