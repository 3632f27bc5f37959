import Hummingbird
import NIOCore
import SyncModel

extension Response {
    /// A JSON document with `status`.
    static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonText + "\n"))
        )
    }

    /// `{"error": reason, "request_id": id}` with `status`.
    static func error(
        _ status: HTTPResponse.Status,
        _ reason: String,
        requestID: String,
        headers: HTTPFields = [:]
    ) -> Response {
        json(
            status,
            .object([JSONMember("error", .string(reason)), JSONMember("request_id", .string(requestID))]),
            headers: headers
        )
    }

    /// 503 with `Retry-After`: the service cannot take the request now, and nothing of it was kept.
    static func busy(_ reason: String, requestID: String, retryAfter seconds: Int = 1) -> Response {
        error(.serviceUnavailable, reason, requestID: requestID, headers: [.retryAfter: String(seconds)])
    }
}
