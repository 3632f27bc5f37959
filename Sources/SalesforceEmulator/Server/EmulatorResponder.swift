import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Carries HTTP requests to the emulator and its answers back.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let emulator: SalesforceEmulator

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let apiRequest = APIRequest(
            method: request.method.rawValue,
            target: request.head.path ?? "/",
            headers: headers,
            body: Data(body.readableBytesView)
        )
        let answer = await emulator.respond(to: apiRequest)
        if answer.dropsConnection {
            try? await context.channel.close()
            throw ConnectionDropped()
        }
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
        }
        let status = HTTPResponse.Status(code: answer.status, reasonPhrase: Self.reasonPhrase(answer.status))
        guard let data = answer.body else { return Response(status: status, headers: fields) }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 300: "Multiple Choices"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 414: "URI Too Long"
        case 500: "Server Error"
        case 503: "Service Unavailable"
        default: ""
        }
    }
}

/// Thrown after closing a connection on purpose, so that nothing is written to it.
struct ConnectionDropped: Error {}
