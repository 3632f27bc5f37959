import EventLogTestSupport
import Testing

@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

@Suite("One writer per log")
struct WriterLockTests {
    @Test("a second writer in the same process is refused while the first is open, and admitted after")
    func secondWriterInProcessRefused() async throws {
        try await withTemporaryDirectory { directory in
            var first: LogWriter? = try LogWriter(directory: directory)
            let error = #expect(throws: LogError.self) { try LogWriter(directory: directory) }
            #expect(error?.code == .locked)
            #expect(
                error?.message.contains("pid \(getpid())") == true,
                "the refusal names the holder: \(String(describing: error))"
            )
            try first?.close()
            first = nil
            let second = try LogWriter(directory: directory)
            try second.close()
        }
    }

    @Test("close releases the lock at once, even while a spawned child still shares the lock file")
    func closeReleasesTheLock() async throws {
        try await withTemporaryDirectory { directory in
            let first = try LogWriter(directory: directory)
            // A child that inherits every descriptor without exec-ing would keep a merely closed
            // lock held; fork it by hand (no exec), as a spawn in progress does.
            let child = fork()
            if child == 0 {
                sleep(5)
                _exit(0)
            }
            defer {
                kill(child, SIGKILL)
                var status: Int32 = 0
                waitpid(child, &status, 0)
            }
            try first.close()
            #expect(!WriterLock.isHeld(directory: directory))
            let second = try LogWriter(directory: directory)
            try second.close()
            withExtendedLifetime(first) {}
        }
    }

    @Test("a writer in another process keeps this one out, and its death (SIGKILL) releases the lock")
    func secondWriterAcrossProcessesRefused() async throws {
        try await withTemporaryDirectory { directory in
            let holder = try ChildProcess("log-test-child", ["hold", directory])
            #expect(await holder.waitForLine { $0 == "holding" } != nil, "\(holder.errorOutput)")
            let error = #expect(throws: LogError.self) { try LogWriter(directory: directory) }
            #expect(error?.code == .locked)
            #expect(error?.description.contains("log-test-child") == true, "\(String(describing: error))")
            #expect(WriterLock.isHeld(directory: directory))
            await holder.kill()
            #expect(!WriterLock.isHeld(directory: directory))
            let writer = try LogWriter(directory: directory)
            try writer.close()
        }
    }
}
