import EventLogTestSupport
import Testing

@testable import EventLog

@Suite("Recovery on open")
struct RecoveryTests {
    static func sampleBatches() -> [[[UInt8]]] {
        var generator = SplitMix64(seed: 7)
        return (0..<4).map { call in
            (0..<(2 + call)).map { _ in randomRecord(length: 20 + Int(generator.next() % 60), using: &generator) }
        }
    }

    @Test("a log reopened after a clean close needs no repair and appends on where it stopped")
    func reopenAfterCleanClose() async throws {
        try await withTemporaryDirectory { directory in
            let batches = Self.sampleBatches()
            try buildLog(directory, batches: batches)
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            #expect(writer.recovery.isClean, "\(writer.recovery)")
            let total = UInt64(batches.joined().count)
            #expect(writer.nextOffset == total)
            #expect(try writer.append(Array("after reopen".utf8)) == total)
            try writer.close()
            #expect(
                try readAll(directory).map { Array($0.bytes) } == batches.flatMap { $0 } + [Array("after reopen".utf8)]
            )
        }
    }

    @Test("a tail cut at every byte of the last batch is truncated and reported; nothing before it is lost")
    func tailCutAtEveryByte() async throws {
        try await withTemporaryDirectory { directory in
            let batches = Self.sampleBatches()
            let placed = try buildLog(directory, batches: batches)
            let segment = try segmentPaths(directory).last!
            let original = try readFile(segment)
            let last = placed.last!
            let kept = batches.dropLast().flatMap { $0 }
            for cut in Int(last.position)..<original.count {
                try writeFile(segment, Array(original[..<cut]))
                let writer = try LogWriter(directory: directory, configuration: testConfiguration())
                if cut == Int(last.position) {
                    #expect(writer.recovery.truncation == nil)
                } else {
                    let truncation = try #require(writer.recovery.truncation, "cut at byte \(cut)")
                    #expect(truncation.position == last.position)
                    #expect(truncation.bytes == Int64(cut) - last.position)
                    #expect(truncation.fromOffset == last.offsets.lowerBound)
                    #expect(truncation.savedTo != nil)
                }
                #expect(writer.nextOffset == last.offsets.lowerBound)
                try writer.close()
                #expect(try readAll(directory).map { Array($0.bytes) } == kept, "cut at byte \(cut)")
                #expect(try LogVerifier.verify(directory: directory).isIntact)
            }
        }
    }

    @Test("acknowledged appends survive the loss of everything that was not fsynced")
    func acknowledgedAppendsSurviveLostWrites() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            var written: [[UInt8]] = []
            do {
                let writer = try faultyWriter(
                    directory,
                    testConfiguration(segmentSize: 4_000, durability: .fsync),
                    fileSystem: fileSystem
                ).writer
                for batch in Self.sampleBatches() + Self.sampleBatches() {
                    try writer.append(contentsOf: batch)
                    written += batch
                }
                // No close: the process "dies" here and the OS forgets unsynced pages.
            }
            fileSystem.loseUnsyncedWrites()
            #expect(try readAll(directory).map { Array($0.bytes) } == written)
        }
    }

    @Test(
        "the stopped writer's lost tail is noticed: with the os policy, unsynced appends may vanish but the log stays whole"
    )
    func osPolicyLosesOnlyATail() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            do {
                let writer = try faultyWriter(directory, testConfiguration(durability: .os), fileSystem: fileSystem)
                    .writer
                for batch in Self.sampleBatches() { try writer.append(contentsOf: batch) }
            }
            fileSystem.loseUnsyncedWrites()
            let writer = try LogWriter(directory: directory, configuration: testConfiguration())
            #expect(writer.nextOffset == 0, "nothing was fsynced, so nothing is left")
            try writer.close()
            #expect(try LogVerifier.verify(directory: directory).isIntact)
        }
    }
}
