import Foundation

/// A program built by this package (`avosync`, `log-test-child`), run as a real child process.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `lines` and `buffer` are touched only while `condition` is locked.
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var buffer: [UInt8] = []
    private var finishedReading = false
    private var errorText: [UInt8] = []

    /// Where the package's executables are: next to the test bundle that is running.
    public static var productsDirectory: String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    /// Starts `product` with `arguments`.
    public init(_ product: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.productsDirectory + "/" + product)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            self?.receive(handle.availableData)
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            guard let self else { return }
            let data = handle.availableData
            condition.lock()
            errorText.append(contentsOf: data)
            condition.broadcast()
            condition.unlock()
        }
        try process.run()
    }

    private func receive(_ data: Data) {
        condition.lock()
        defer { condition.unlock() }
        if data.isEmpty {
            finishedReading = true
            output.fileHandleForReading.readabilityHandler = nil
        }
        buffer.append(contentsOf: data)
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeSubrange(...newline)
        }
        condition.broadcast()
    }

    /// Lines printed so far on standard output.
    public var outputLines: [String] {
        condition.lock()
        defer { condition.unlock() }
        return lines
    }

    /// What it printed on standard error so far.
    public var errorOutput: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: errorText, as: UTF8.self)
    }

    /// Waits until a printed line satisfies `match` (or the timeout passes, or output ends).
    @discardableResult
    public func waitForLine(timeout: Double = 30, where match: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let line = lines.first(where: match) { return line }
            if finishedReading || !condition.wait(until: deadline) { return lines.first(where: match) }
        }
    }

    /// Waits until what it printed on standard error contains `text` (or the timeout passes).
    public func waitForErrorOutput(containing text: String, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if String(decoding: errorText, as: UTF8.self).contains(text) { return true }
            if !condition.wait(until: deadline) { return String(decoding: errorText, as: UTF8.self).contains(text) }
        }
    }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// Kills it with SIGKILL and waits for it to be gone.
    public func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        drain()
    }

    /// Sends it a signal (SIGTERM, SIGINT) without waiting.
    public func signal(_ signal: Int32) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
    }

    /// Waits for it to exit by itself; returns its exit status.
    public func waitForExit() -> Int32 {
        process.waitUntilExit()
        drain()
        return process.terminationStatus
    }

    /// Reads what is left in the pipe after the process ended.
    private func drain() {
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        receive(output.fileHandleForReading.readDataToEndOfFile())
        let rest = errors.fileHandleForReading.readDataToEndOfFile()
        condition.lock()
        errorText.append(contentsOf: rest)
        condition.unlock()
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
