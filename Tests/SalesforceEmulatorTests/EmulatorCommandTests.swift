import AsyncHTTPClient
import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `avosync emulator` as a process: the URL on standard output, clean stops, clear refusals.
@Suite struct EmulatorCommandTests {
    @Test func printsItsURLAndStopsCleanlyOnSIGTERMAndSIGINT() async throws {
        for signal in [SIGTERM, SIGINT] {
            let emulator = try EmulatorProcess()
            #expect(emulator.baseURL.wholeMatch(of: /http:\/\/127\.0\.0\.1:\d+/) != nil)
            let versions = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: emulator.baseURL + "/services/data/"),
                timeout: .seconds(10)
            )
            #expect(versions.status.code == 200)
            emulator.child.signal(signal)
            #expect(await emulator.child.waitForExit() == 0)
        }
    }

    @Test func aBadFixtureExits65NamingTheFileAndKey() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/org.json"
            try Data(#"{"organization": {"name": "x"}}"#.utf8).write(to: URL(fileURLWithPath: path))
            let run = try ChildProcess.run("avosync", ["emulator", "--org", path])
            #expect(run.status == 65)
            #expect(run.errors.contains(path) && run.errors.contains("organization.id"))
        }
    }

    @Test func aBadListenAddressIsAUsageError() throws {
        let run = try ChildProcess.run(
            "avosync",
            ["emulator", "--org", Fixtures.standardOrg.path, "--listen", "nowhere"]
        )
        #expect(run.status == 2)
        #expect(run.errors.contains("--listen"))
    }

    @Test func aTakenPortFailsWithExit1() throws {
        let first = try EmulatorProcess()
        defer { first.stop() }
        let port = try #require(first.baseURL.split(separator: ":").last)
        let run = try ChildProcess.run(
            "avosync",
            ["emulator", "--org", Fixtures.standardOrg.path, "--listen", "127.0.0.1:\(port)"]
        )
        #expect(run.status == 1)
        #expect(!run.errors.isEmpty)
    }
}
