import ArgumentParser
import Dispatcher

/// The dispatcher's options, shared by `sync` and `serve`.
struct DispatchArguments: ParsableArguments {
    @Option(name: .customLong("account"), help: "Only this account (repeatable; default: every connected account).")
    var accounts: [String] = []

    @Option(help: "The most events of one account in one batch.") var batchSize = 5000

    @Option(help: "Accounts with Salesforce work in flight at once.")
    var concurrency = DispatchOptions.defaultConcurrency

    @Option(
        help:
            "While following: seconds between looks for changes made in Salesforce to linked records (two-way sync); sync --once looks once."
    )
    var pollInterval = 60

    @Option(help: "Seconds a paused account waits before trying again while following.")
    var pauseSeconds = 300

    @Option(help: "Pause an account when less than this share of its org's daily API allowance is left.")
    var apiReservePercent = 2.0

    func validate() throws {
        for account in accounts { try validateIdentifier(account, option: "account") }
        guard (1...86_400).contains(pollInterval) else {
            throw ValidationError("--poll-interval must be from 1 to 86400 seconds")
        }
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be from 1 to 100000") }
        guard (1...100_000).contains(concurrency) else {
            throw ValidationError("--concurrency must be from 1 to 100000")
        }
        guard (0...100).contains(apiReservePercent) else {
            throw ValidationError("--api-reserve-percent must be from 0 to 100")
        }
    }

    /// The dispatcher's options as given.
    var options: DispatchOptions {
        var options = DispatchOptions()
        options.batchSize = batchSize
        options.concurrency = concurrency
        options.accounts = accounts.isEmpty ? nil : Set(accounts)
        options.pauseDuration = .seconds(pauseSeconds)
        options.apiReservePercent = apiReservePercent
        options.captureInterval = .seconds(pollInterval)
        return options
    }
}
