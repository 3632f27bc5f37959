import Dispatch
import EventLogTestSupport
import Foundation
import Synchronization
import Testing

@testable import EventLog

@Suite("Group commit")
struct GroupCommitTests {
    @Test("concurrent appenders share fsyncs, and every one gets its own dense offsets")
    func concurrentAppendersShareFsyncs() async throws {
        try await withTemporaryDirectory { directory in
            let (writer, fileSystem) = try faultyWriter(directory, testConfiguration(durability: .fsync))
            let before = fileSystem.counters.syncs
            let threads = 8
            let appendsEach = 50
            let offsets = Mutex<[UInt64]>([])
            // Real threads, more than cores: appenders pile up behind a running fsync.
            let done = DispatchGroup()
            for thread in 0..<threads {
                done.enter()
                Thread {
                    for index in 0..<appendsEach {
                        let offset = try! writer.append(Array("thread \(thread) append \(index)".utf8))
                        offsets.withLock { $0.append(offset) }
                    }
                    done.leave()
                }.start()
            }
            done.wait()
            let syncs = fileSystem.counters.syncs - before
            #expect(offsets.withLock { $0.sorted() } == Array(0..<UInt64(threads * appendsEach)))
            #expect(syncs < threads * appendsEach, "\(syncs) fsyncs for \(threads * appendsEach) appends")
            try writer.close()
            let read = try readAll(directory).map { String(decoding: $0.bytes, as: UTF8.self) }
            for thread in 0..<threads {
                let mine = read.filter { $0.hasPrefix("thread \(thread) ") }
                #expect(
                    mine == (0..<appendsEach).map { "thread \(thread) append \($0)" },
                    "one thread's appends keep their order"
                )
            }
        }
    }
}
