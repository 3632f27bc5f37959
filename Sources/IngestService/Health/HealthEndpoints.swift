import Hummingbird
import Ingest
import SyncModel

/// The answers of `/readyz`.
enum HealthEndpoints {
    /// 200 when the log can be written and the dispatcher has caught up; else 503 saying why.
    static func ready(_ readiness: Readiness, ingest: any EventSink) -> Response {
        let status = readiness.status(logFailure: ingest.failure)
        var members = [JSONMember("status", .string(status.status))]
        members.append(JSONMember("lag_events", status.lagEvents.map { .integer(Int64($0)) } ?? .null))
        if let failure = ingest.failure { members.append(JSONMember("reason", .string(failure))) }
        return .json(status.ready ? .ok : .serviceUnavailable, .object(members))
    }
}
