import ArgumentParser
import Foundation

/// The `avosync` command line: a thin layer that parses flags and calls the libraries.
@main
struct Avosync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avosync",
        abstract: "An event-sourced sync processor between Avochato and Salesforce.",
        subcommands: [
            AppendCommand.self, LogCommand.self, StatusCommand.self, SettingsCommand.self, LinksCommand.self,
            ReplayCommand.self, VerifyCommand.self, ConnectCommand.self, SyncCommand.self, ObjectsCommand.self,
            DeadLettersCommand.self, ContactsCommand.self, FieldsCommand.self, EmulatorCommand.self,
            DemoCommand.self, ServeCommand.self, ClusterCommand.self, TokensCommand.self,
        ]
    )

    /// Runs the command, with the contract's exit status 2 for usage errors (swift-argument-parser's own is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Exit codes fixed by the command-line contract.
enum ExitStatus {
    static let failure = ExitCode(1)
    static let usage = ExitCode(2)
    static let invalidData = ExitCode(65)
    static let damagedStorage = ExitCode(74)
}
