import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// Clients that send slowly, stall or pile up connections cost the others nothing: a body holds
/// no request slot while it arrives, a request that does not arrive within the read timeout is
/// cut off, and open connections are bounded.
@Suite("Service: slow clients and connection limits", .serialized)
struct SlowClientTests {
    /// The head of a post whose body, 1,000 bytes long, never all arrives.
    static func stalledPost(token: String) -> String {
        "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n" + #"{"type":"te"#
    }

    @Test(
        "64 posts stalled part-way through their body do not delay another client's post, and are cut off after the read timeout"
    )
    func stalledBodiesHoldNoSlot() async throws {
        let fixture = try await ServiceFixture(arguments: ["--no-sync", "--read-timeout", "20", "--max-requests", "32"])
        defer { fixture.finish() }
        let stalled = try (0..<64).map { _ in try RawConnection(fixture.serve.baseURL) }
        for connection in stalled { #expect(connection.send(Self.stalledPost(token: ServiceFixture.token))) }
        // A moment for the service to read the 64 heads: only then are they holding anything.
        try await Task.sleep(for: .milliseconds(300))

        let started = ContinuousClock.now
        let answer = try await fixture.client.post(lines: textLines(3))
        let took = ContinuousClock.now - started
        #expect(answer.status == 200, "\(answer.text)")
        // Answered while every stalled request still holds its connection: it waited for none of
        // them. (Alone it takes a few milliseconds; the bound is the read timeout, not a clock,
        // because a loaded test run stretches any clock.) Before, it was refused 503 at once.
        let open = RawConnection.untouched(stalled)
        #expect(open == 64, "the post was answered before the stalled requests were cut off (took \(took))")

        var closed = 0
        for connection in stalled where await connection.waitForClose(timeout: 60) != nil { closed += 1 }
        #expect(closed == 64, "every stalled request is cut off once the read timeout passes")
        #expect(try fixture.events().count == 3)
    }

    @Test("a client that sends its headers a byte at a time is cut off after the read timeout")
    func slowHeadersAreCutOff() async throws {
        let fixture = try await ServiceFixture(arguments: ["--no-sync", "--read-timeout", "2"])
        defer { fixture.finish() }
        let connection = try RawConnection(fixture.serve.baseURL)
        let started = ContinuousClock.now
        let trickle = Task {
            for character in Self.stalledPost(token: ServiceFixture.token) {
                guard !Task.isCancelled, connection.send(String(character)) else { return }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        let ended = await connection.waitForClose(timeout: 20)
        trickle.cancel()
        #expect(ended != nil, "the connection is closed")
        #expect(ContinuousClock.now - started < .seconds(15), "within the read timeout, not after the whole head")
        #expect(try await fixture.client.post(lines: textLines(1)).status == 200)
    }

    @Test("open connections stop at --max-connections, which the service logs; a post gets through once one closes")
    func connectionsAreBounded() async throws {
        let fixture = try await ServiceFixture(arguments: ["--no-sync", "--max-connections", "3"])
        defer { fixture.finish() }
        var idle = try (0..<3).map { _ in try RawConnection(fixture.serve.baseURL) }
        #expect(await fixture.serve.process.waitForErrorOutput(containing: "reached --max-connections"))
        let waiting = IngestClient(baseURL: fixture.serve.baseURL, token: ServiceFixture.token, deadline: .seconds(1))
        await #expect(throws: (any Error).self, "a fourth connection waits while three are open") {
            try await waiting.post(lines: textLines(1, prefix: "blocked"))
        }
        idle.removeFirst()
        let patient = IngestClient(baseURL: fixture.serve.baseURL, token: ServiceFixture.token, deadline: .seconds(30))
        #expect(try await patient.post(lines: textLines(1, prefix: "through")).status == 200)
        // The waiting request's bytes sat in the kernel's backlog; once accepted it may be served too.
        #expect(try fixture.events().map(\.id).contains("through-0"))
        _ = idle
    }

    @Test(
        "every answer carries a request id, also in the body of an error, and an unknown path says nothing of the service"
    )
    func answersCarryARequestID() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.finish() }
        let invalid = try await fixture.client.post(lines: ["{\"type\":\"nope\"}"])
        #expect(invalid.status == 422)
        let id = try #require(invalid.headers["x-request-id"])
        #expect(id.count >= 16 && invalid.json?["request_id"]?.stringValue == id)
        let unauthorized = try await IngestClient(baseURL: fixture.serve.baseURL, token: nil).post(lines: textLines(1))
        #expect(unauthorized.json?["request_id"]?.stringValue == unauthorized.headers["x-request-id"])
        let missing = try await fixture.client.get("/v1/nothing-here")
        #expect(missing.status == 404 && missing.headers["x-request-id"] != nil)
        let health = try await fixture.client.get("/healthz")
        #expect(health.headers["x-request-id"] != nil && health.headers["x-request-id"] != id)
    }
}
