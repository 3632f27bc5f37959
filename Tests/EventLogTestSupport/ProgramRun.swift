public import Foundation

/// What a finished program printed and returned.
public struct ProgramRun: Sendable {
    /// Its exit status.
    public var status: Int32
    /// Everything it wrote to standard output.
    public var output: [UInt8]
    /// Everything it wrote to standard error.
    public var errors: String
    /// Standard output as text.
    public var text: String { String(decoding: output, as: UTF8.self) }
}

extension ChildProcess {
    /// Runs a program to completion, with `input` as its standard input (none by default).
    /// A bare name is a product of this package; a path is run as is.
    public static func run(
        _ program: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> ProgramRun {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: program.contains("/") ? program : productsDirectory + "/" + program
        )
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        try process.run()
        if let inputPipe, let input {
            Thread {
                inputPipe.fileHandleForWriting.write(input)
                try? inputPipe.fileHandleForWriting.close()
            }.start()
        }
        // Read both pipes while it runs: a full pipe would block it.
        let errorData = ErrorCollector()
        let reader = Thread { errorData.data = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.done { usleep(1_000) }
        return ProgramRun(
            status: process.terminationStatus,
            output: Array(out),
            errors: String(decoding: errorData.data, as: UTF8.self)
        )
    }
}

/// Standard error collected on another thread; `@unchecked Sendable` because `done` is set only
/// after `data`, and read only after the thread finished writing both.
private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Data()
    private var finished = false
    var data: Data {
        get { lock.withLock { storage } }
        set {
            lock.withLock {
                storage = newValue
                finished = true
            }
        }
    }
    var done: Bool { lock.withLock { finished } }
}
