import EventLog
import EventLogTestSupport

// A child process for the crash and cross-process tests. It appends deterministic records and
// prints one line per acknowledged append, flushed at once, so that a parent that kills it with
// SIGKILL knows exactly what was acknowledged.
//
//   log-test-child append DIR RUN COUNT BATCH fsync|os [DELAY_MS] [SEGMENT_BYTES]
//       prints "ack RUN K FIRST N": records K..<K+N of run RUN are at offsets FIRST..<FIRST+N
//   log-test-child hold DIR
//       opens DIR for writing, prints "holding", then sleeps until killed
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments

/// Writes a line straight to a descriptor: no buffer that a SIGKILL could lose.
func emit(_ line: String, to descriptor: Int32 = STDOUT_FILENO) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
}

func fail(_ message: String) -> Never {
    emit("log-test-child: \(message)", to: STDERR_FILENO)
    exit(2)
}
guard arguments.count >= 3 else { fail("usage: log-test-child append|hold DIR ...") }
let directory = arguments[2]

switch arguments[1] {
case "append":
    guard arguments.count >= 7, let run = UInt64(arguments[3]), let count = Int(arguments[4]),
        let batch = Int(arguments[5]), let durability = LogConfiguration.Durability(rawValue: arguments[6])
    else { fail("usage: append DIR RUN COUNT BATCH fsync|os [DELAY_MS] [SEGMENT_BYTES]") }
    let delay = arguments.count > 7 ? Int(arguments[7]) ?? 0 : 0
    var configuration = LogConfiguration()
    configuration.durability = durability
    if arguments.count > 8, let segmentSize = Int64(arguments[8]) { configuration.segmentSize = segmentSize }
    do {
        let writer = try LogWriter(directory: directory, configuration: configuration)
        if let cut = writer.recovery.truncation { emit("recovered \(cut.bytes) \(cut.fromOffset)") }
        var next = 0
        while next < count {
            let size = min(batch, count - next)
            let records = (next..<next + size).map { TestRecords.record(run: run, index: UInt64($0)) }
            let offsets = try writer.append(contentsOf: records)
            emit("ack \(run) \(next) \(offsets.lowerBound) \(size)")
            next += size
            if delay > 0 { usleep(UInt32(delay * 1000)) }
        }
        try writer.close()
        emit("done")
    } catch {
        fail("\(error)")
    }
case "hold":
    do {
        let writer = try LogWriter(directory: directory)
        emit("holding")
        while true { sleep(60) }
        _ = writer
    } catch {
        fail("\(error)")
    }
default:
    fail("unknown mode \(arguments[1])")
}
