import Foundation

/// Finds the repository files the demo needs (`seeds/` and the standard org) when no path is given:
/// in the working directory or one of its parents, else beside the executable or above it (a build
/// in `.build/debug/` of a clone).
enum DemoFiles {
    static let seeds = "seeds"
    static let standardOrg = "Fixtures/orgs/standard.json"

    /// The first directory holding both, searching from the working directory and the executable.
    static func root() -> URL? {
        var starts = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                if FileManager.default.fileExists(atPath: directory.appendingPathComponent(seeds).path),
                    FileManager.default.fileExists(atPath: directory.appendingPathComponent(standardOrg).path)
                {
                    return directory
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }
}
