import CHeap
import Foundation

/// A benchmark that cannot go on.
public struct BenchmarkError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    public func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// Seconds `body` takes.
public func timed(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    return (clock.now - start).seconds
}

/// The median of a few runs' seconds.
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Resident memory of this process, from /proc/self/status.
public enum ProcessMemory {
    /// Current resident set, in bytes.
    public static var resident: Int { field("VmRSS:") }
    /// Highest resident set since start or the last `resetPeak()`, in bytes.
    public static var peak: Int { field("VmHWM:") }

    /// Bytes malloc has handed out and not had back, over every arena: what live objects take,
    /// without the freed pages a resident-set figure still counts.
    public static var liveHeap: Int {
        Int(cheap_live_heap_bytes())
    }

    /// Starts a new peak measurement (Linux: writing 5 to clear_refs resets VmHWM).
    public static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}

/// Writes a line to standard output at once (print buffers it when the output is a file).
public func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The comma-separated integers after `name` on the command line (`--contacts 100000,1000000`), or `values`.
public func option(_ name: String, default values: [Int]) -> [Int] {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return values }
    let parsed = arguments[index + 1].split(separator: ",").compactMap { Int($0) }
    return parsed.isEmpty ? values : parsed
}

/// The integer after `name` on the command line (`--events 1000`), or `value`.
public func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let parsed = Int(arguments[index + 1])
    else { return value }
    return parsed
}
