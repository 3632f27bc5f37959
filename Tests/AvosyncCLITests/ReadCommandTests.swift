import EventLog
import EventLogTestSupport
import Foundation
import SyncModel
import Testing

/// `log`, `status`, `settings`, `links`, `replay` and `verify` over a data directory, run as processes.
@Suite("avosync read commands")
struct ReadCommandTests {
    static let events = [
        #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:00:00Z","settings":{"sync_object":"AvoCustomer__c","phone_field":"CustomPhoneNumber__c"}}"#,
        #"{"type":"custom_field.defined","account":"acme","at":"2026-11-28T09:01:00Z","key":"favorite_food","label":"Favorite Food","salesforce_field":"FavoriteFood__c"}"#,
        #"{"type":"contact.upserted","account":"acme","contact":"c-42","at":"2026-11-28T09:02:00Z","fields":{"phone":"(415) 555-0101","first_name":"Ada"},"custom_fields":{"favorite_food":"Avocado Toast"}}"#,
        #"{"type":"text.logged","account":"acme","contact":"c-42","at":"2026-11-28T09:03:00Z","id":"t-1","direction":"inbound","body":"Is my order ready?"}"#,
        #"{"type":"call.logged","account":"acme","contact":"c-42","at":"2026-11-28T09:05:00Z","direction":"outbound","duration_seconds":125}"#,
        #"{"type":"note.added","account":"globex","contact":"c-1","at":"2026-11-28T10:00:00Z","body":"hello"}"#,
    ]

    static func prepare(_ data: String) throws {
        let run = try ChildProcess.run(
            "avosync",
            ["append", "--data", data],
            input: Data(events.joined(separator: "\n").utf8)
        )
        #expect(run.status == 0, "\(run.errors)")
        let sync = try LogWriter(directory: data + "/sync")
        let outcome = Outcome(
            account: "acme",
            at: EventTime(seconds: 1_764_400_000),
            eventOffset: 2,
            contact: "c-42",
            kind: .linked(record: RecordReference(object: "AvoCustomer__c", id: "a00000000000001AAA"), reason: .matched)
        )
        try sync.append(StoredEncoding.encode(outcome))
        try sync.close()
    }

    @Test("log --json prints each event as its ingest object with its offset, filtered")
    func logJSON() throws {
        try withDataDirectory { data in
            try Self.prepare(data)
            let all = try ChildProcess.run("avosync", ["log", "--data", data, "--json"])
            let lines = all.text.split(separator: "\n")
            #expect(lines.count == 6)
            #expect(
                lines[3].hasPrefix(
                    #"{"type":"text.logged","account":"acme","contact":"c-42","at":"2026-11-28T09:03:00Z","id":"t-1""#
                )
            )
            // Appended with `append`: the audit trail names the command line as the appender.
            #expect(lines[3].hasSuffix(#""offset":3,"appended_by":"cli"}"#))
            #expect(lines[2].contains(#""phone":"+14155550101""#))
            let filtered = try ChildProcess.run(
                "avosync",
                ["log", "--data", data, "--json", "--account", "acme", "--contact", "c-42", "--type", "call.logged"]
            )
            #expect(filtered.text.split(separator: "\n").count == 1)
            #expect(filtered.text.contains(#""duration_seconds":125"#))
            let window = try ChildProcess.run(
                "avosync",
                [
                    "log", "--data", data, "--json", "--since", "2026-11-28T09:02:00Z", "--until",
                    "2026-11-28T10:04:00+01:00",
                ]
            )
            #expect(
                window.text.split(separator: "\n").map { $0.contains(#""offset":2"#) || $0.contains(#""offset":3"#) }
                    == [true, true]
            )
            let paged = try ChildProcess.run(
                "avosync",
                ["log", "--data", data, "--json", "--from", "4", "--limit", "1"]
            )
            #expect(paged.text.split(separator: "\n").count == 1)
            #expect(paged.text.contains(#""offset":4"#))
        }
    }

    @Test("log --sync interleaves outcomes marked with \"log\": \"sync\"")
    func logWithOutcomes() throws {
        try withDataDirectory { data in
            try Self.prepare(data)
            let run = try ChildProcess.run("avosync", ["log", "--data", data, "--json", "--sync"])
            let lines = run.text.split(separator: "\n")
            #expect(lines.count == 7)
            #expect(lines.last?.contains(#""type":"sync.linked""#) == true)
            #expect(lines.last?.contains(#""log":"sync""#) == true)
            #expect(lines.last?.contains(#""event_offset":2"#) == true)
            let table = try ChildProcess.run("avosync", ["log", "--data", data, "--sync"])
            #expect(table.text.contains("event 2: linked to AvoCustomer__c a00000000000001AAA"))
        }
    }

    @Test("log --follow prints events appended after it started")
    func logFollow() throws {
        try withDataDirectory { data in
            try Self.prepare(data)
            let follower = try ChildProcess("avosync", ["log", "--data", data, "--json", "--follow", "--from", "6"])
            defer { follower.kill() }
            let run = try ChildProcess.run(
                "avosync",
                ["append", "--data", data],
                input: Data(Self.events[5].replacingOccurrences(of: "hello", with: "later").utf8)
            )
            #expect(run.status == 0)
            #expect(follower.waitForLine(timeout: 20) { $0.contains(#""body":"later""#) } != nil)
        }
    }

    @Test("status, settings and links report the projection, with defaults marked")
    func statusSettingsLinks() throws {
        try withDataDirectory { data in
            try Self.prepare(data)
            let status = try ChildProcess.run("avosync", ["status", "--data", data, "--json"])
            #expect(status.status == 0, "\(status.errors)")
            #expect(status.text.contains(#""account":"acme""#))
            #expect(status.text.contains(#""pending_events":5"#))
            #expect(status.text.contains(#""links":1"#))
            let settings = try ChildProcess.run("avosync", ["settings", "--data", data, "--account", "acme", "--json"])
            #expect(
                settings.text.contains(
                    #""sync_object":{"value":"AvoCustomer__c","default":false,"changed_at_offset":0}"#
                )
            )
            #expect(settings.text.contains(#""create_missing_records":{"value":true,"default":true}"#))
            let links = try ChildProcess.run("avosync", ["links", "--data", data, "--account", "acme", "--json"])
            #expect(links.text.contains(#"{"contact":"c-42","object":"AvoCustomer__c","id":"a00000000000001AAA"}"#))
            let fresh = try ChildProcess.run("avosync", ["settings", "--data", data, "--account", "newco"])
            #expect(fresh.text.contains("(default)"))
            #expect(fresh.errors.contains("no events yet"))
        }
    }

    @Test("replay rebuilds from the logs and writes a snapshot that verify accepts; a damaged one exits 74")
    func replayAndVerify() throws {
        try withDataDirectory { data in
            try Self.prepare(data)
            let replay = try ChildProcess.run("avosync", ["replay", "--data", data, "--json"])
            #expect(replay.status == 0, "\(replay.errors)")
            #expect(replay.text.contains(#""events":6"#) && replay.text.contains(#""outcomes":1"#))
            #expect(try ChildProcess.run("avosync", ["verify", "--data", data]).status == 0)
            let snapshots = try FileManager.default.contentsOfDirectory(atPath: data + "/snapshots")
            let snapshot = data + "/snapshots/" + (snapshots.first ?? "")
            var bytes = try Data(contentsOf: URL(fileURLWithPath: snapshot))
            bytes[bytes.count / 2] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: snapshot))
            let verify = try ChildProcess.run("avosync", ["verify", "--data", data])
            #expect(verify.status == 74)
            #expect(verify.text.contains("checksum mismatch"))
            let status = try ChildProcess.run("avosync", ["status", "--data", data, "--json"])
            #expect(status.status == 0)
            #expect(status.errors.contains("ignored snapshot"))
            #expect(status.text.contains(#""pending_events":5"#))
        }
    }

    @Test("a record of a type from a newer avosync is kept, counted and shown with its bytes")
    func unknownRecordsAreShown() throws {
        try withDataDirectory { data in
            try Self.prepare(data)
            // Format version 1, type code 200, account "acme", time 0.
            let future: [UInt8] = [1, 200, 4] + Array("acme".utf8) + [0, 0, 0, 42]
            let writer = try LogWriter(directory: data + "/events")
            try writer.append(future)
            try writer.close()
            let log = try ChildProcess.run("avosync", ["log", "--data", data, "--json", "--from", "6"])
            #expect(log.status == 0, "\(log.errors)")
            #expect(
                log.text.contains(
                    #"{"type":"unknown.v1.200","account":"acme","at":"1970-01-01T00:00:00Z","stored_bytes_hex":"01c80461636d65000000"#
                        + #"2a","offset":6,"appended_by":null}"#
                ),
                "\(log.text)"
            )
            let status = try ChildProcess.run("avosync", ["status", "--data", data, "--json"])
            #expect(status.text.contains(#""unknown_records":1"#))
            let table = try ChildProcess.run("avosync", ["log", "--data", data, "--from", "6"])
            #expect(table.text.contains("written by a newer avosync: 11 bytes kept as they are"))
        }
    }

    @Test("usage errors exit 2; a missing data directory exits 1")
    func exitCodes() throws {
        #expect(try ChildProcess.run("avosync", ["log", "--bogus"]).status == 2)
        #expect(try ChildProcess.run("avosync", ["log", "--type", "nope"]).status == 2)
        #expect(try ChildProcess.run("avosync", ["log", "--since", "yesterday"]).status == 2)
        let badAccount = try ChildProcess.run("avosync", ["settings", "--account", "a b"])
        #expect(badAccount.status == 2)
        #expect(badAccount.errors.contains("contains a space"))
        #expect(try ChildProcess.run("avosync", ["status", "--data", "/nonexistent/avosync"]).status == 1)
    }
}
