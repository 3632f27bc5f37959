import AsyncHTTPClient
import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SalesforceEmulator
import ServiceLifecycle
import Testing

/// The emulator on the wire: real HTTP and HTTPS on loopback, through AsyncHTTPClient.
@Suite struct HTTPServerTests {
    /// Runs an emulator server on a free port for `body`, then shuts it down gracefully.
    func withServer(
        tls certificate: SelfSignedCertificate? = nil,
        _ body: (String, HTTPClient, OrgConnection) async throws -> Void
    ) async throws {
        let org = try await OrgConnection.standard()
        let (ready, readyContinuation) = AsyncStream.makeStream(of: String.self)
        var logger = Logger(label: "emulator-test")
        logger.logLevel = .critical
        let server = try EmulatorServer(
            emulator: org.emulator,
            host: "127.0.0.1",
            port: 0,
            tls: certificate.map { EmulatorServer.TLSFiles(certificate: $0.certificate, privateKey: $0.privateKey) },
            logger: logger,
            onReady: { readyContinuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        var configuration = HTTPClient.Configuration()
        if let certificate {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(certificate.certificate)
            configuration.tlsConfiguration = tls
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ready.makeAsyncIterator()
            let url = try #require(await iterator.next())
            var failure: (any Error)?
            do {
                try await body(url, client, org)
            } catch {
                failure = error
            }
            // Close the client's pooled connections first: the server waits for them to finish.
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            if let failure { throw failure }
        }
    }

    func send(
        _ client: HTTPClient,
        _ method: HTTPMethod,
        _ url: String,
        token: String? = nil,
        body: String? = nil
    ) async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    @Test func servesHTTPSWithTheGivenCertificate() async throws {
        try await withTemporaryDirectory { directory in
            let certificate = try SelfSignedCertificate(in: directory)
            try await withServer(tls: certificate) { url, client, _ in
                #expect(url.hasPrefix("https://127.0.0.1:"))
                let reply = try await send(client, .GET, url + "/services/data/")
                #expect(reply.status == 200)
                #expect(reply.text.contains("\"version\":\"59.0\""))
            }
        }
    }

    @Test func trailingSlashesMatchAndAPlusInTheQueryStringIsASpace() async throws {
        try await withServer { url, client, org in
            let base = url + "/services/data/v59.0"
            let created = try await send(
                client,
                .POST,
                base + "/sobjects/Contact/",
                token: org.accessToken,
                body: #"{"LastName":"Plus","Phone":"+14155550177"}"#
            )
            #expect(created.status == 201)
            let encoded = try await send(
                client,
                .GET,
                base + "/query/?q=SELECT+Id+FROM+Contact+WHERE+Phone+=+'%2B14155550177'",
                token: org.accessToken
            )
            #expect(encoded.text.contains("\"totalSize\":1"))
            let spaced = try await send(
                client,
                .GET,
                base + "/query?q=SELECT+Id+FROM+Contact+WHERE+Phone+=+'+14155550177'",
                token: org.accessToken
            )
            #expect(spaced.text.contains("\"totalSize\":0"))
        }
    }

    @Test func aURIOver16KBIsRefusedWith414() async throws {
        try await withServer { url, client, org in
            let phones = (0..<1500).map { "'+1415555\(String(format: "%04d", $0))'" }.joined(separator: ",")
            let soql = "SELECT Id FROM Contact WHERE Phone IN (\(phones))"
            let target = url + "/services/data/v59.0/query?q=" + OrgConnection.formEncoded(soql)
            let reply = try await send(client, .GET, target, token: org.accessToken)
            #expect(reply.status == 414)
        }
    }

    @Test func aDroppedConnectionReachesTheClientAsAnError() async throws {
        try await withServer { url, client, org in
            _ = await org.call("POST", "/__emulator/faults", json: ["rates": ["drop_connection": 1.0]])
            await #expect(throws: (any Error).self) {
                _ = try await send(client, .GET, url + "/services/data/v59.0/limits", token: org.accessToken)
            }
            _ = await org.call("DELETE", "/__emulator/faults")
            let after = try await send(client, .GET, url + "/services/data/v59.0/limits", token: org.accessToken)
            #expect(after.status == 200)
        }
    }
}
