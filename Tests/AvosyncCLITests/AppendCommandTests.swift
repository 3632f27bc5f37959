import EventLog
import EventLogTestSupport
import Foundation
import Testing

/// `avosync append`, run as a process: all or nothing, precise reports, exit 65.
@Suite("avosync append")
struct AppendCommandTests {
    static func note(_ index: Int, account: String = "acme") -> String {
        #"{"type":"note.added","account":"\#(account)","contact":"c-\#(index % 97)","at":"2026-11-28T09:00:00Z","id":"n-\#(index)","body":"note \#(index)"}"#
    }

    static func records(in directory: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: directory) else { return 0 }
        let cursor = try LogCursor(directory: directory)
        var count = 0
        while try cursor.next() != nil { count += 1 }
        return count
    }

    @Test("an invalid line in a file of 10,000 leaves the log untouched, reports the line and exits 65")
    func allOrNothing() throws {
        try withDataDirectory { data in
            var lines = (0..<10_000).map { Self.note($0) }
            let first = try write(lines.prefix(10).joined(separator: "\n"), named: "first.jsonl", in: data)
            let before = try ChildProcess.run("avosync", ["append", "--data", data, first])
            #expect(before.status == 0, "\(before.errors)")
            lines[7_321] =
                #"{"type":"note.added","account":"acme","contact":"c 1","at":"2026-11-28T09:00:00Z","body":"x"}"#
            let file = try write(lines.joined(separator: "\n"), named: "big.jsonl", in: data)
            let run = try ChildProcess.run("avosync", ["append", "--data", data, file])
            #expect(run.status == 65)
            #expect(run.errors.contains("\(file): line 7322: contact: contains a space"), "\(run.errors)")
            #expect(run.errors.contains("nothing appended"))
            #expect(try Self.records(in: data + "/events") == 10)
        }
    }

    @Test("--skip-invalid appends the valid lines, reports the rest and exits 65")
    func skipInvalid() throws {
        try withDataDirectory { data in
            let lines = [Self.note(1), "not json", Self.note(2), "[1,2]", Self.note(3)]
            let file = try write(lines.joined(separator: "\n") + "\n", named: "mixed.jsonl", in: data)
            let run = try ChildProcess.run("avosync", ["append", "--data", data, "--skip-invalid", "--json", file])
            #expect(run.status == 65)
            #expect(run.errors.contains("line 2: is not valid JSON"))
            #expect(run.errors.contains("line 4: must be a JSON object, not an array"))
            #expect(run.text.contains(#""appended":3"#), "\(run.text)")
            #expect(try Self.records(in: data + "/events") == 3)
        }
    }

    @Test("standard input is read when no file is named, and the offsets are printed")
    func standardInput() throws {
        try withDataDirectory { data in
            let input = Data(((0..<5).map { Self.note($0) }.joined(separator: "\n") + "\n").utf8)
            let run = try ChildProcess.run("avosync", ["append", "--data", data], input: input)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.text.contains("appended 5 events at offsets 0 to 4"))
            let again = try ChildProcess.run(
                "avosync",
                ["append", "--data", data, "-"],
                input: Data(Self.note(9).utf8)
            )
            #expect(again.text.contains("appended 1 event at offsets 5 to 5"))
        }
    }

    @Test("a default_country set earlier in the log applies to phones appended later")
    func storedCountryApplies() throws {
        try withDataDirectory { data in
            let settings =
                #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:00:00Z","settings":{"default_country":"GB"}}"#
            _ = try ChildProcess.run("avosync", ["append", "--data", data], input: Data(settings.utf8))
            let contact =
                #"{"type":"contact.upserted","account":"acme","contact":"c","at":"2026-11-28T09:00:00Z","fields":{"phone":"020 7946 0958"}}"#
            let run = try ChildProcess.run("avosync", ["append", "--data", data], input: Data(contact.utf8))
            #expect(run.status == 0, "\(run.errors)")
            let log = try ChildProcess.run("avosync", ["log", "--data", data, "--json", "--type", "contact.upserted"])
            #expect(log.text.contains(#""phone":"+442079460958""#), "\(log.text)")
        }
    }

    @Test("a missing input file appends nothing and exits 1")
    func missingFile() throws {
        try withDataDirectory { data in
            let run = try ChildProcess.run("avosync", ["append", "--data", data, data + "/nope.jsonl"])
            #expect(run.status == 1)
            #expect(run.errors.contains("no such file"))
        }
    }
}

/// Runs `body` with the path of a fresh data directory.
func withDataDirectory(_ body: (String) throws -> Void) throws {
    let root = makeTemporaryDirectory()
    defer { removeTree(root) }
    try body(root)
}

/// Writes a file in `directory` and returns its path.
func write(_ text: String, named name: String, in directory: String) throws -> String {
    let path = directory + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
