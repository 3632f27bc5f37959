import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SyncModel

/// Gives every answer of the listener its request id (`X-Request-Id`, Hummingbird's id of the
/// request, also in the request's log lines), and turns an error that no route answered into a
/// 500 that says only that, with the id: the cause goes to the log under the same id, never to
/// the client.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error(
                "a request failed",
                metadata: ["path": "\(request.uri.path)", "error": "\(error)", "request_id": "\(context.id)"]
            )
            response = .json(
                .internalServerError,
                .object([
                    JSONMember(
                        "error",
                        .string("internal error; the service's log says more under request id \(context.id)")
                    ),
                    JSONMember("request_id", .string(context.id)),
                ])
            )
        }
        response.headers[Self.header] = context.id
        return response
    }
}
