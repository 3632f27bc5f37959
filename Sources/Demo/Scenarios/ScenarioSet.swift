public import Foundation

/// The scenarios of a seeds directory, in file-name order.
public enum ScenarioSet {
    /// Loads every `NAME.jsonl` that has a `NAME.expected.json` beside it. A `.jsonl` without its
    /// expected file, or an expected file that does not parse, is an error naming the file.
    public static func load(directory: URL) throws(ScenarioError) -> [Scenario] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw ScenarioError("\(directory.path): cannot list the seeds directory (\(error.localizedDescription))")
        }
        var scenarios: [Scenario] = []
        for file in names where file.hasSuffix(".jsonl") {
            let name = String(file.dropLast(".jsonl".count))
            let events = directory.appendingPathComponent(file)
            let expected = directory.appendingPathComponent(name + ".expected.json")
            guard let data = FileManager.default.contents(atPath: expected.path) else {
                throw ScenarioError("\(expected.path): missing; every scenario needs its expected result")
            }
            let plan: ScenarioPlan
            do {
                plan = try JSONDecoder().decode(ScenarioPlan.self, from: data)
            } catch {
                throw ScenarioError("\(expected.path): \(describe(error))")
            }
            scenarios.append(Scenario(name: name, eventsFile: events, expectedFile: expected, plan: plan))
        }
        guard !scenarios.isEmpty else { throw ScenarioError("\(directory.path): no scenarios (NAME.jsonl) found") }
        return scenarios
    }

    /// A decoding error as the field path and what was wrong.
    private static func describe(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "\(path(context)).\(key.stringValue): missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context)?: return "\(path(context)): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}

/// A seeds directory that cannot be used, with the file and what is wrong.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
