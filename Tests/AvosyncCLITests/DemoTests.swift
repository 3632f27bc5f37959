import EventLogTestSupport
import Foundation
import Testing

/// `avosync demo`, run as a process: every seed scenario against its expected file.
@Suite("avosync demo and the seed scenarios")
struct DemoTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let seeds = root.appendingPathComponent("seeds")

    /// The scenarios of `seeds/` by name, with their expected files as plain JSON.
    static func expectedFiles(in directory: URL = seeds) throws -> [String: [String: Any]] {
        var result: [String: [String: Any]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".jsonl") {
            let name = String(file.dropLast(".jsonl".count))
            let data = try Data(contentsOf: directory.appendingPathComponent(name + ".expected.json"))
            result[name] = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        return result
    }

    /// A copy of `seeds/` in `directory` with one file rewritten by `edit`; returns the copy's path.
    static func seedsCopy(
        in directory: String,
        editing file: String,
        _ edit: (String) throws -> String
    ) throws
        -> String
    {
        let seeds = directory + "/seeds"
        try FileManager.default.copyItem(atPath: Self.seeds.path, toPath: seeds)
        let path = seeds + "/" + file
        try edit(try String(contentsOfFile: path, encoding: .utf8)).write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        return seeds
    }

    static func demo(_ arguments: [String]) throws -> (run: ProgramRun, report: [String: Any]?) {
        let run = try ChildProcess.run("avosync", ["demo"] + arguments)
        let report = try? JSONSerialization.jsonObject(with: Data(run.output)) as? [String: Any]
        return (run, report)
    }

    @Test("every seed scenario lands in Salesforce as its expected file says")
    func everyScenarioAsExpected() throws {
        try withDataDirectory { directory in
            let (run, report) = try Self.demo(["--json", "--data", directory + "/data"])
            #expect(run.status == 0, "\(run.errors)")
            let scenarios = try #require(report?["scenarios"] as? [[String: Any]])
            let expected = try Self.expectedFiles()
            #expect(expected.count == 14)
            #expect(Set(scenarios.compactMap { $0["name"] as? String }) == Set(expected.keys))
            for (name, file) in expected {
                let scenario = try #require(scenarios.first { $0["name"] as? String == name })
                #expect(scenario["differences"] as? [String] == [], "\(name)")
                for difference in Self.compare(file, with: scenario) { Issue.record("\(name): \(difference)") }
            }
        }
    }

    /// The test's own reading of an expected file against the demo's observations.
    static func compare(_ file: [String: Any], with scenario: [String: Any]) -> [String] {
        var differences: [String] = []
        let expect = file["expect"] as? [String: Any] ?? [:]
        let accounts = scenario["accounts"] as? [[String: Any]] ?? []
        for wanted in expect["accounts"] as? [[String: Any]] ?? [] {
            let name = wanted["account"] as? String ?? "?"
            guard let seen = accounts.first(where: { $0["account"] as? String == name }) else {
                differences.append("account \(name) missing")
                continue
            }
            if seen["environment"] as? String != wanted["environment"] as? String {
                differences.append("\(name): environment \(String(describing: seen["environment"]))")
            }
            if (seen["parked"] as? [Any])?.count != wanted["parked"] as? Int { differences.append("\(name): parked") }
            if (seen["dead_letters"] as? [Any])?.count != wanted["dead_letters"] as? Int {
                differences.append("\(name): dead letters")
            }
            if let first = wanted["parked_after_first_sync"] as? Int, seen["parked_after_first_sync"] as? Int != first {
                differences.append("\(name): parked after the first sync")
            }
        }
        let contacts = scenario["contacts"] as? [[String: Any]] ?? []
        for wanted in expect["contacts"] as? [[String: Any]] ?? [] {
            let key = "\(wanted["account"] as? String ?? "?")/\(wanted["contact"] as? String ?? "?")"
            let seen = contacts.first {
                $0["account"] as? String == wanted["account"] as? String
                    && $0["contact"] as? String == wanted["contact"] as? String
            }
            guard let record = seen?["record"] as? [String: Any] else {
                if !(wanted["object"] is NSNull) { differences.append("\(key): not linked") }
                continue
            }
            if record["object"] as? String != wanted["object"] as? String { differences.append("\(key): object") }
            if let how = wanted["how"] as? String, record["how"] as? String != how { differences.append("\(key): how") }
            if let id = wanted["id"] as? String, record["id"] as? String != id { differences.append("\(key): id") }
            let fields = record["fields"] as? [String: Any] ?? [:]
            for (field, value) in wanted["fields"] as? [String: Any] ?? [:] {
                let seenValue = fields[field] as? String
                if seenValue != value as? String {
                    differences.append("\(key): \(field) is \(seenValue ?? "empty"), expected \(value)")
                }
            }
            let tasks = record["tasks"] as? [[String: Any]] ?? []
            if tasks.compactMap({ $0["subject"] as? String }).sorted()
                != (wanted["tasks"] as? [String] ?? []).sorted()
            {
                differences.append("\(key): Task subjects")
            }
            if !tasks.allSatisfy({ $0["status"] as? String == "Completed" && $0["is_closed"] as? Bool == true }) {
                differences.append("\(key): a Task is not closed")
            }
            if let skipped = wanted["skipped"] as? [String],
                Set((record["skipped"] as? [String: Any] ?? [:]).keys) != Set(skipped)
            {
                differences.append("\(key): skipped fields")
            }
        }
        return differences
    }

    @Test("the demo's links, settings and audit trail stay in its data directory for exploring")
    func dataDirectoryStaysForExploring() throws {
        try withDataDirectory { directory in
            let data = directory + "/data"
            let (run, report) = try Self.demo(["--json", "--data", data])
            #expect(run.status == 0, "\(run.errors)")
            let links = try ChildProcess.run(
                "avosync",
                ["links", "--data", data, "--account", "green-grocer", "--json"]
            )
            #expect(links.status == 0, "\(links.errors)")
            let scenario = try #require(
                (report?["scenarios"] as? [[String: Any]])?.first { $0["name"] as? String == "06-custom-object-target" }
            )
            for contact in scenario["contacts"] as? [[String: Any]] ?? [] {
                let id = try #require((contact["record"] as? [String: Any])?["id"] as? String)
                #expect(links.text.contains(id))
            }
            let audit = try #require(report?["audit"] as? [[String: Any]])
            #expect(audit.contains { $0["type"] as? String == "sync.task_written" })
            #expect(
                audit.contains { $0["type"] as? String == "sync.parked" && $0["account"] as? String == "quiet-bakery" }
            )
            let verify = try ChildProcess.run("avosync", ["verify", "--data", data])
            #expect(verify.status == 0, "\(verify.text)")
        }
    }

    @Test("the demo leaves no emulator behind: its port is closed once it exits")
    func noProcessLeftBehind() throws {
        try withDataDirectory { directory in
            let (run, report) = try Self.demo(["--json", "--data", directory + "/data"])
            #expect(run.status == 0, "\(run.errors)")
            let text = try #require(report?["emulator"] as? String)
            let url = try #require(URL(string: text))
            let port = try #require(url.port)
            let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            #expect(connected == -1, "something still listens on port \(port)")
        }
    }

    @Test("a scenario that does not land as expected fails the demo, naming the scenario and the field")
    func differenceFailsTheDemo() throws {
        try withDataDirectory { directory in
            let seeds = try Self.seedsCopy(in: directory, editing: "10-protected-fields.expected.json") { text in
                // Expect the protected Rating to have been overwritten (the last mention is the
                // expected record's, the first the record made beforehand): the rule says it must not be.
                var text = text
                let expected = try #require(text.range(of: "\"Rating\": \"Warm\"", options: .backwards))
                text.replaceSubrange(expected, with: "\"Rating\": \"Hot\"")
                return text
            }
            let (run, report) = try Self.demo(["--json", "--data", directory + "/data", "--seeds", seeds])
            #expect(run.status == 1)
            #expect(report?["as_expected"] as? Bool == false)
            let scenario = (report?["scenarios"] as? [[String: Any]])?.first {
                $0["name"] as? String == "10-protected-fields"
            }
            #expect(scenario?["differences"] as? [String] == [#"stone-legal/c-1: Rating is "Warm", expected "Hot""#])
        }
    }

    @Test("the demo replaces an earlier demo's data directory and refuses any other")
    func dataDirectoryRules() throws {
        try withDataDirectory { directory in
            let data = directory + "/data"
            #expect(try Self.demo(["--data", data]).run.status == 0)
            let again = try Self.demo(["--data", data]).run
            #expect(again.status == 0, "\(again.errors)")
            #expect(again.text.contains("14 of 14 scenarios as expected"))
            let other = directory + "/other"
            try FileManager.default.createDirectory(atPath: other + "/events", withIntermediateDirectories: true)
            let refused = try Self.demo(["--data", other]).run
            #expect(refused.status == 1)
            #expect(refused.errors.contains("not an earlier demo"))
            #expect(FileManager.default.fileExists(atPath: other + "/events"))
        }
    }

    @Test("a bad seed line is refused with its file and line number, before anything runs")
    func badSeedLine() throws {
        try withDataDirectory { directory in
            let seeds = try Self.seedsCopy(in: directory, editing: "02-activities-become-closed-tasks.jsonl") { text in
                var lines = text.split(separator: "\n").map(String.init)
                lines[2] = lines[2].replacingOccurrences(
                    of: "\"duration_seconds\":125",
                    with: "\"duration_seconds\":-5"
                )
                return lines.joined(separator: "\n") + "\n"
            }
            let run = try Self.demo(["--data", directory + "/data", "--seeds", seeds]).run
            #expect(run.status == 1)
            #expect(run.errors.contains("02-activities-become-closed-tasks.jsonl: line 3"), "\(run.errors)")
            #expect(!FileManager.default.fileExists(atPath: directory + "/data/events"))
        }
    }
}
