import AsyncHTTPClient
import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import NIOCore
import NIOSSL
import SalesforceEmulator
import Testing

/// A public client, unmodified: simple-salesforce from PyPI drives `avosync emulator` over HTTPS
/// with a self-signed certificate made by the test. Serialized: the first test installs
/// simple-salesforce into the virtual environment both use.
@Suite(.serialized) struct SimpleSalesforceTests {
    static let version = "1.12.10"

    /// A virtual environment under `.build/` with simple-salesforce installed from PyPI (once).
    static func python() async throws -> String {
        try await PythonEnvironment.python(package: "simple-salesforce", version: version, module: "simple_salesforce")
    }

    /// Runs `script` (in `Tests/PublicClients/`) against `avosync emulator` over HTTPS with a
    /// certificate made for the run; `body` gets the script's JSON report and the emulator.
    func run(_ script: String, _ body: (JSON, EmulatorProcess, SelfSignedCertificate) async throws -> Void) async throws
    {
        let python = try await Self.python()
        try await withTemporaryDirectory { directory in
            let certificate = try SelfSignedCertificate(in: directory)
            let emulator = try EmulatorProcess(tls: certificate)
            defer { emulator.stop() }
            let run = try await ChildProcess.run(
                python,
                [Fixtures.root.appendingPathComponent("Tests/PublicClients/\(script)").path],
                environment: ["EMULATOR_URL": emulator.baseURL, "REQUESTS_CA_BUNDLE": certificate.certificate]
            )
            #expect(run.status == 0, "\(run.errors)")
            let report = try #require(JSON.parse(Data(run.output)), "\(run.text) \(run.errors)")
            try await body(report, emulator, certificate)
        }
    }

    @Test func simpleSalesforceQueriesSearchesWritesDescribesAndComposes() async throws {
        try await run("simple_salesforce_session.py") { report, emulator, certificate in

            #expect(report["query"]?["records"]?.arrayValue?.first?["Name"] == "Ada Lovelace")
            let found = report["search"]?["searchRecords"]?.arrayValue?.compactMap { $0["Id"]?.stringValue }
            #expect(found == ["0035e0000000001AAA", "00Q5e0000000003EAA"])
            let leadID = try #require(report["create"]?["id"]?.stringValue)
            #expect(leadID.hasPrefix("00Q") && leadID.count == 18)
            #expect(report["update_status"] == 204)
            #expect(report["lead"]?["Rating"] == "Hot")
            #expect(report["lead"]?["Phone"] == "+1 (415) 555-0190")
            #expect(report["upsert_first_status"] == 201)
            #expect(report["upsert_second_status"] == 200)
            #expect(report["describe_lead_fields"]?.arrayValue?.contains("Avochato_Contact_Id__c") == true)
            #expect(report["describe_global_names"]?.arrayValue?.contains("AvoCustomer__c") == true)
            #expect(report["collection_successes"] == 200)
            #expect(report["query_all_total"] == 205)
            #expect(report["query_all_records"] == 205)
            #expect(report["composite_statuses"] == [201, 201])
            #expect(report["missing_company"] == "REQUIRED_FIELD_MISSING")

            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(certificate.certificate)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            defer { _ = client.shutdown() }
            let response = try await client.execute(
                HTTPClientRequest(url: emulator.baseURL + "/__emulator/stats"),
                timeout: .seconds(10)
            )
            let stats = JSON.parse(Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
            // 14 calls, each counted once: query_all's second page too, the collection and the
            // composite once each.
            #expect(stats?["api_requests"] == 14)
            #expect(stats?["records"]?["Task"] == 2)
            #expect(stats?["records"]?["Lead"] == 205)
        }
    }

    @Test func simpleSalesforceReadsAPersonsEditsAndDeletionsBackThroughTheReplicationResources() async throws {
        try await run("simple_salesforce_replication.py") { report, _, _ in
            let kept = try #require(report["kept"]?.stringValue)
            let gone = try #require(report["gone"]?.stringValue)
            #expect(report["modified_by"] == "0055e0000000002AAA")
            #expect(report["updated_ids"]?.arrayValue?.contains(.string(kept)) == true)
            #expect(report["updated_ids"]?.arrayValue?.contains(.string(gone)) == false)
            #expect(report["deleted_ids"] == [.string(gone)])
            #expect(report["query_all_deleted"] == [.string(gone)])
            #expect(report["short_window"] == "INVALID_REPLICATION_DATE")
        }
    }
}
