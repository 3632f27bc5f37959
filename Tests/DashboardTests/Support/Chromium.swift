import EmulatorTestSupport
import EventLogTestSupport
import Foundation

/// Debian's Chromium and its chromedriver, driven by selenium from PyPI.
enum Chromium {
    static let seleniumVersion = "4.51.0"

    /// The python that runs selenium; throws, saying what to install, when Chromium is missing.
    static func seleniumPython() async throws -> String {
        for program in ["/usr/bin/chromium", "/usr/bin/chromedriver"]
        where !FileManager.default.fileExists(atPath: program) {
            throw HarnessError("\(program) is missing: apt-get install chromium chromium-driver (as .ci/run does)")
        }
        return try await PythonEnvironment.python(package: "selenium", version: seleniumVersion, module: "selenium")
    }
}
