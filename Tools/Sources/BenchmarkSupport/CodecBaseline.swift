import Foundation

/// The codec's own limit: the stock `lz4` tool compressing (`-1`) and decompressing (`-dc` to
/// /dev/null) the same event bytes, timed as whole processes.
public enum CodecBaseline {
    public static func compress(input: String, output: String) throws -> Double {
        try time("/usr/bin/lz4", ["-1", "-q", "-f", input, output], standardOutput: nil)
    }

    public static func decompress(_ file: String) throws -> Double {
        try time("/usr/bin/lz4", ["-dc", file], standardOutput: FileHandle(forWritingAtPath: "/dev/null"))
    }

    private static func time(_ program: String, _ arguments: [String], standardOutput: FileHandle?) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let standardOutput { process.standardOutput = standardOutput }
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("\(program) \(arguments) failed") }
        return (clock.now - start).seconds
    }
}
