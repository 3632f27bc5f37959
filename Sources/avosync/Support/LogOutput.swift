import ArgumentParser
import Dispatcher
import Foundation
import Logging
import SyncModel

/// `--log-level` and `--log-format`, for the commands that run for long (`sync`, `emulator`).
struct LogOutputOptions: ParsableArguments {
    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @Option(help: "Log lines on standard error as human text (human) or one JSON object a line (json).")
    var logFormat: LogFormat = .human

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .warning }

    /// Sends every logger of this process to standard error in the chosen format, secrets redacted,
    /// and returns one labelled `label` at the chosen level.
    func bootstrap(label: String) -> Logger {
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .human: RedactingLogHandler(StreamLogHandler.standardError(label: label))
            case .json: RedactingLogHandler(JSONLogHandler(label: label))
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

/// One JSON object a line on standard error: time, level, label, message, metadata and source.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        var members = [
            JSONMember("time", .string(EventTime.now.description)),
            JSONMember("level", .string(event.level.rawValue)),
            JSONMember("label", .string(label)),
            JSONMember("message", .string(event.message.description)),
        ]
        if let error = event.error { members.append(JSONMember("error", .string("\(error)"))) }
        if !merged.isEmpty {
            members.append(
                JSONMember(
                    "metadata",
                    .object(merged.sorted { $0.key < $1.key }.map { JSONMember($0.key, Self.json($0.value)) })
                )
            )
        }
        members.append(JSONMember("source", .string(event.source)))
        FileHandle.standardError.write(Data((JSONValue.object(members).jsonText + "\n").utf8))
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values):
            .object(values.sorted { $0.key < $1.key }.map { JSONMember($0.key, json($0.value)) })
        }
    }
}

/// Hides the value of any metadata whose key names a secret, whatever handler writes the line:
/// a second guard behind the rule that secrets are never logged at all.
struct RedactingLogHandler<Wrapped: LogHandler>: LogHandler {
    var wrapped: Wrapped

    init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        return ["secret", "token", "password", "authorization", "cookie"].contains { key.contains($0) }
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = Self.redacted(newValue) ?? [:] }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = Self.isSecret(key) && newValue != nil ? "[redacted]" : newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = Self.redacted(event.metadata)
        wrapped.log(event: event)
    }

    static func redacted(_ metadata: Logger.Metadata?) -> Logger.Metadata? {
        guard var metadata else { return nil }
        for key in metadata.keys where isSecret(key) { metadata[key] = "[redacted]" }
        return metadata
    }
}
