import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Testing

/// DESIGN.md section 12: the service runs the dispatcher on what it takes in.
@Suite("Service: the dispatcher while serving", .serialized)
struct ServeSyncTests {
    static let token = "serve-token-0123456789abcdef"

    @Test("events posted to the service reach the org as closed Tasks while it serves")
    func postedEventsBecomeTasks() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            let tokens = try writeTokens([Self.token], to: org.directory + "/tokens")
            let serve = try await ServeProcess(data: org.data, tokensFile: tokens)
            let client = IngestClient(baseURL: serve.baseURL, token: Self.token)
            var lines = EventLines()
            let answer = try await client.post(lines: [
                lines.contact("grace", ["phone": "4155550102"]),
                lines.call("grace", seconds: 65, id: "call-1"),
                lines.textMessage("grace", "On my way", direction: "inbound", id: "text-1"),
            ])
            #expect(answer.status == 200)
            var tasks: [JSON] = []
            for _ in 0..<300 where tasks.count < 2 {
                try await Task.sleep(for: .milliseconds(100))
                tasks = await org.tasks(on: "0035e0000000002AAA")
            }
            #expect(
                tasks.compactMap { $0["Avochato_Event_Id__c"]?.stringValue }.sorted() == ["acme/call-1", "acme/text-1"]
            )
            #expect(tasks.allSatisfy { $0["IsClosed"]?.boolValue == true })
            #expect(await serve.stop() == 0)
        }
    }

    @Test("readyz is 503 with the lag while the dispatcher catches up, and 200 once it has")
    func readinessWhileCatchingUp() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append(
                [lines.contact("grace", ["phone": "4155550102"])]
                    + (0..<60).map { lines.textMessage("grace", "message \($0)", id: "t\($0)") }
            )
            try await org.faults(["latency_ms": ["min": 200, "max": 200]])
            let tokens = try writeTokens([Self.token], to: org.directory + "/tokens")
            let serve = try await ServeProcess(data: org.data, tokensFile: tokens, arguments: ["--batch-size", "5"])
            let client = IngestClient(baseURL: serve.baseURL, token: nil)
            #expect(try await client.get("/healthz").status == 200)
            var behind: IngestClient.Answer?
            var ready: IngestClient.Answer?
            for _ in 0..<600 where ready == nil {
                let answer = try await client.get("/readyz")
                if answer.status == 503, answer.json?["status"]?.stringValue == "catching_up" { behind = answer }
                if answer.status == 200 { ready = answer }
                if behind != nil { try await org.faults([:]) }
                try await Task.sleep(for: .milliseconds(100))
            }
            let lag = try #require(behind?.json?["lag_events"]?.doubleValue)
            #expect(lag > 0)
            #expect(ready?.json?["status"]?.stringValue == "ready")
            #expect(ready?.json?["lag_events"]?.doubleValue == 0)
            #expect(await org.tasks(on: "0035e0000000002AAA").count == 60)
            #expect(await serve.stop() == 0)
        }
    }
}
