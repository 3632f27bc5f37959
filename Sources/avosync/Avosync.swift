import ArgumentParser

/// The `avosync` command line: a thin layer that parses flags and calls the libraries.
@main
struct Avosync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avosync",
        abstract: "An event-sourced sync processor between Avochato and Salesforce.",
        subcommands: [VerifyCommand.self]
    )
}

/// Exit codes fixed by the command-line contract.
enum ExitStatus {
    static let failure = ExitCode(1)
    static let damagedStorage = ExitCode(74)
}
