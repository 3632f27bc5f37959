import EventLogTestSupport
import Foundation
import Testing

@testable import EventLog

@Suite("Crashes")
struct CrashTests {
    /// Rounds in the default run; set AVOSYNC_CRASH_ROUNDS (e.g. 200) for a stress run.
    static let rounds = Int(ProcessInfo.processInfo.environment["AVOSYNC_CRASH_ROUNDS"] ?? "") ?? 6

    @Test("every acknowledged append survives a writer process killed with SIGKILL at random moments")
    func acknowledgedAppendsSurviveSIGKILL() async throws {
        try await withTemporaryDirectory { directory in
            let seed =
                UInt64(ProcessInfo.processInfo.environment["AVOSYNC_CRASH_SEED"] ?? "")
                ?? UInt64.random(in: 1...1_000_000)
            var generator = SplitMix64(seed: seed)
            var acknowledged = 0
            var truncations = 0
            for round in 1...Self.rounds {
                let batch = 1 + Int(generator.next() % 40)
                let child = try ChildProcess(
                    "log-test-child",
                    ["append", directory, "\(round)", "100000000", "\(batch)", "fsync", "0", "65536"]
                )
                await child.waitForLine(timeout: 30) { $0.hasPrefix("ack") }
                usleep(UInt32(generator.next() % 40_000))
                await child.kill()

                let acks = child.outputLines.filter { $0.hasPrefix("ack ") }.map {
                    $0.split(separator: " ").compactMap { UInt64($0) }
                }
                #expect(
                    !acks.isEmpty,
                    "seed \(seed) round \(round): the child acknowledged nothing: \(child.errorOutput)"
                )
                let writer = try LogWriter(directory: directory, configuration: testConfiguration())
                if writer.recovery.truncation != nil { truncations += 1 }
                try writer.close()
                guard let first = acks.first?[2] else { continue }
                let cursor = try LogCursor(directory: directory, from: .offset(first))
                for ack in acks {
                    let (index, offset, count) = (ack[1], ack[2], ack[3])
                    for position in 0..<count {
                        let record = try #require(
                            try cursor.next(),
                            "seed \(seed) round \(round): offset \(offset + position) is gone"
                        )
                        #expect(record.offset == offset + position)
                        #expect(
                            Array(record.bytes) == TestRecords.record(run: UInt64(round), index: index + position),
                            "seed \(seed)"
                        )
                    }
                    acknowledged += Int(count)
                }
            }
            let report = try LogVerifier.verify(directory: directory)
            #expect(report.isIntact, "seed \(seed): \(report.damages)")
            print(
                "crash test: seed \(seed), \(Self.rounds) rounds, \(acknowledged) acknowledged records checked, \(truncations) torn tails cut"
            )
        }
    }
}
