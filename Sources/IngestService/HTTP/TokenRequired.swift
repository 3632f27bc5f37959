import Access
import Hummingbird
import HummingbirdAuth
import Logging
import SyncModel

/// Answers 401 (with `WWW-Authenticate: Bearer`) to a request that no authenticator knew: no
/// token, or one that is not in the tokens file. The routes behind it always have a grant.
struct TokenRequired: RouterMiddleware {
    typealias Context = AccessRequestContext
    let logger: Logger

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        guard context.identity != nil else {
            logger.notice("refused a request without a known token", metadata: ["path": "\(request.uri.path)"])
            return .error(
                .unauthorized,
                "a known token is required: Authorization: Bearer TOKEN",
                requestID: context.id,
                headers: [.wwwAuthenticate: "Bearer"]
            )
        }
        return try await next(request, context)
    }
}

/// The 403 of a post by a token without the `ingest` role: in the shape of a scope refusal, with
/// no line (the body is not read) and the field `type` (no type of event is allowed).
struct PostingForbidden: HTTPResponseError {
    var status: HTTPResponse.Status { .forbidden }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let grant = (context as? AccessRequestContext)?.identity
        let reason =
            "the token \(grant?.name ?? "") may post no events: it has no ingest role (it has \(grant?.roles.description ?? "none"))"
        return .json(
            .forbidden,
            .object([
                JSONMember(
                    "errors",
                    .array([
                        .object([
                            JSONMember("line", .null), JSONMember("field", .string("type")),
                            JSONMember("reason", .string(reason)),
                        ])
                    ])
                ),
                JSONMember("request_id", .string(context.id)),
            ])
        )
    }
}
