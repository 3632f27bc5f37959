import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import IngestService

/// An error no route answered becomes a 500 that names only a request id; the cause stays in the log.
@Suite("Service: error answers")
struct RequestIDMiddlewareTests {
    struct InternalFailure: Error, CustomStringConvertible {
        var description: String { "the disk under /srv/avosync-data said EIO at byte 4096" }
    }

    @Test("a failure inside a route answers 500 with a request id and none of its own text")
    func internalErrorsAreNotShown() async throws {
        let router = Router()
        router.add(middleware: RequestIDMiddleware())
        router.get("fails") { _, _ -> String in throw InternalFailure() }
        router.get("works") { _, _ in "fine" }
        let application = Application(router: router)
        try await application.test(.router) { client in
            try await client.execute(uri: "/fails", method: .get) { response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(!body.contains("EIO") && !body.contains("/srv"))
                let id = try #require(response.headers[RequestIDMiddleware<BasicRequestContext>.header])
                #expect(body.contains(id))
            }
            try await client.execute(uri: "/works", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[RequestIDMiddleware<BasicRequestContext>.header] != nil)
            }
            try await client.execute(uri: "/missing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[RequestIDMiddleware<BasicRequestContext>.header] != nil)
            }
        }
    }
}
