import EventLog
import EventLogTestSupport
import Foundation
import Testing

@Suite("avosync verify")
struct VerifyCommandTests {
    static func makeLog(_ directory: String, calls: Int = 3) throws {
        let writer = try LogWriter(directory: directory)
        for call in 0..<calls {
            try writer.append(contentsOf: (0..<4).map { Array("{\"call\":\(call),\"n\":\($0)}".utf8) })
        }
        try writer.close()
    }

    @Test("an intact log exits 0 and says so")
    func intactLogExitsZero() async throws {
        try await withTemporaryDirectory { directory in
            try Self.makeLog(directory)
            let run = try ChildProcess.run("avosync", ["verify", directory])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.text.contains("intact"))
            #expect(run.text.contains("12 records"))
        }
    }

    @Test("a damaged log exits 74 and names the segment, the byte position and the offsets")
    func damagedLogExits74() async throws {
        try await withTemporaryDirectory { directory in
            try Self.makeLog(directory)
            let segment = directory + "/00000000000000000000.log"
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
            let secondBatch = Self.batchPositions(bytes)[1]
            bytes[secondBatch + 60] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: segment))

            let run = try ChildProcess.run("avosync", ["verify", directory])
            #expect(run.status == 74)
            #expect(run.text.contains("DAMAGED"))
            #expect(run.text.contains(segment))
            #expect(run.text.contains("byte \(secondBatch)"))
            #expect(run.text.contains("offsets 4...7"))

            let json = try ChildProcess.run("avosync", ["verify", "--json", directory])
            #expect(json.status == 74)
            let document = try JSONSerialization.jsonObject(with: Data(json.output)) as? [String: Any]
            #expect(document?["intact"] as? Bool == false)
            let logs = document?["logs"] as? [[String: Any]]
            let damage = (logs?.first?["damages"] as? [[String: Any]])?.first
            #expect(damage?["position"] as? Int == secondBatch)
            #expect(damage?["fromOffset"] as? Int == 4)
            #expect(damage?["toOffset"] as? Int == 8)
        }
    }

    @Test("a data directory is verified log by log: events/ and sync/")
    func dataDirectoryHoldsBothLogs() async throws {
        try await withTemporaryDirectory { directory in
            try Self.makeLog(directory + "/events")
            try Self.makeLog(directory + "/sync", calls: 1)
            let run = try ChildProcess.run("avosync", ["verify", "--data", directory])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.text.contains(directory + "/events: intact"))
            #expect(run.text.contains(directory + "/sync: intact"))
            let fromEnvironment = try ChildProcess.run("avosync", ["verify"], environment: ["AVOSYNC_DATA": directory])
            #expect(fromEnvironment.status == 0)
            #expect(fromEnvironment.text == run.text)
        }
    }

    @Test("a directory that is not a log is a clear failure (exit 1), not a crash")
    func notALogExitsOne() async throws {
        try await withTemporaryDirectory { directory in
            try Data("hello".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
            let run = try ChildProcess.run("avosync", ["verify", directory])
            #expect(run.status == 1)
            #expect(run.errors.contains("neither a log nor a data directory"))
            let missing = try ChildProcess.run("avosync", ["verify", directory + "/absent"])
            #expect(missing.status == 1)
            #expect(missing.errors.contains("no such directory"))
        }
    }

    @Test("a segment of another format exits 74 with the file named")
    func foreignSegmentExits74() async throws {
        try await withTemporaryDirectory { directory in
            let segment = directory + "/00000000000000000000.log"
            try Data(repeating: 0x42, count: 100).write(to: URL(fileURLWithPath: segment))
            let run = try ChildProcess.run("avosync", ["verify", directory])
            #expect(run.status == 74)
            #expect(run.text.contains(segment))
        }
    }

    /// Byte positions of the batches in a segment, found by walking the skippable frames.
    static func batchPositions(_ bytes: [UInt8]) -> [Int] {
        var positions: [Int] = []
        var position = 40
        while position + 56 <= bytes.count {
            positions.append(position)
            let content = bytes[position + 4..<position + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
            let frame = bytes[position + 52..<position + 56].reversed().reduce(0) { $0 << 8 | Int($1) }
            position += 8 + content + frame
        }
        return positions
    }
}
