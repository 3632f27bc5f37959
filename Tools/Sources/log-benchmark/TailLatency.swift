import EventLog
import Foundation

/// How long a `LogTail` takes to see an append: one thread appends a record every 2 ms (fsync
/// policy) while a tail follows the log through the file system, as a reader in another process
/// would. Latency is the tail's clock at receipt minus the record's append time.
enum TailLatency {
    static func measure(directory: String, records: Int) async throws -> [Double] {
        let tail = Task {
            var latencies: [Double] = []
            for try await record in LogTail(directory: directory) {
                latencies.append(Double(LogConfiguration.systemClock() - record.timestamp) / 1_000)
                if latencies.count == records { break }
            }
            return latencies
        }
        let writer = try LogWriter(directory: directory)
        let appender = Thread {
            for index in 0..<records {
                _ = try? writer.append(Array("{\"type\":\"text.logged\",\"n\":\(index)}".utf8))
                usleep(2_000)
            }
        }
        appender.start()
        let latencies = try await tail.value
        try writer.close()
        return latencies.sorted()
    }
}
