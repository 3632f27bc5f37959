public import EventLogTestSupport
import Foundation

/// Virtual environments under `.build/` holding one package from PyPI each, installed once and
/// reused: how the tests run public clients (simple-salesforce, selenium) unmodified.
public enum PythonEnvironment {
    /// The python of an environment holding `package` at `version`, which imports as `module`.
    /// Tests running at once that need the same environment share one installation: two
    /// installing into one directory at once would break each other's.
    public static func python(package: String, version: String, module: String) async throws -> String {
        try await Installations.shared.python(package: package, version: version, module: module)
    }

    /// The installations made or under way in this process, one per environment.
    private actor Installations {
        static let shared = Installations()
        private var running: [String: Task<String, any Error>] = [:]

        func python(package: String, version: String, module: String) async throws -> String {
            let key = "\(package)-\(version)"
            if let installing = running[key] { return try await installing.value }
            let installing = Task {
                try await PythonEnvironment.install(package: package, version: version, module: module)
            }
            running[key] = installing
            do {
                return try await installing.value
            } catch {
                running[key] = nil
                throw error
            }
        }
    }

    private static func install(package: String, version: String, module: String) async throws -> String {
        let environment = Fixtures.root.appendingPathComponent(".build/\(package)-\(version)").path
        let python = environment + "/bin/python"
        if FileManager.default.fileExists(atPath: python),
            try await ChildProcess.run(python, ["-c", "import \(module)"]).status == 0
        {
            return python
        }
        let venv = try await ChildProcess.run("/usr/bin/env", ["python3", "-m", "venv", "--clear", environment])
        guard venv.status == 0 else {
            throw HarnessError("python3 -m venv failed (install python3-venv, as .ci/run does): \(venv.errors)")
        }
        let pip = try await ChildProcess.run(
            environment + "/bin/pip",
            ["install", "--quiet", "--disable-pip-version-check", "\(package)==\(version)"]
        )
        guard pip.status == 0 else { throw HarnessError("pip install \(package) failed: \(pip.errors)") }
        return python
    }
}
