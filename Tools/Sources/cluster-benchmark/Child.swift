import BenchmarkSupport
import Foundation

/// A child process: `avosync` or `nats-server`, its first line of output, its CPU time.
final class Child: @unchecked Sendable {
    // @unchecked: `lines` is touched only under `condition`.
    let process = Process()
    let name: String
    private let output = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var buffer: [UInt8] = []

    init(_ name: String, _ executable: String, _ arguments: [String], log: String) throws {
        self.name = name
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardInput = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            guard let self else { return }
            let data = handle.availableData
            condition.lock()
            buffer.append(contentsOf: data)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
                buffer.removeSubrange(...newline)
            }
            if data.isEmpty { output.fileHandleForReading.readabilityHandler = nil }
            condition.broadcast()
            condition.unlock()
        }
        try process.run()
    }

    /// The first line printed on standard output (a URL), waiting up to `timeout` seconds.
    func firstLine(timeout: Double = 60) throws -> String {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty {
            guard process.isRunning, condition.wait(until: deadline) else {
                throw BenchmarkError("\(name) printed nothing (exited: \(!process.isRunning))")
            }
        }
        return lines[0]
    }

    /// User plus system CPU seconds so far, from /proc.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime field 14, stime field 15 (1-based, of the whole line).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func kill(_ signal: Int32 = SIGKILL) {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}
