import ArgumentParser
import Projection
import Reports
import SyncModel

/// `avosync settings --account A`: the effective settings, and which are defaults.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show an account's effective settings, and which of them are defaults."
    )

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var accountOption: AccountOption
    @Flag(help: "Print one JSON document.") var json = false

    private var account: String { accountOption.account }

    func run() throws {
        try running("settings") {
            let state = try ProjectionLoader.loadReporting(
                try data.existingLayout(command: "settings"),
                command: "settings"
            ).state
            if state.accounts[account] == nil {
                printError("avosync settings: note: account \(account) has no events yet; these are the defaults")
            }
            let settings = state.account(account)
            if json {
                printJSON(
                    .object([
                        JSONMember("account", .string(account)),
                        JSONMember("settings", AccountReports.settingsJSON(settings)),
                        JSONMember("custom_fields", AccountReports.customFieldsJSON(settings)),
                    ])
                )
                return
            }
            print("settings of account \(account)")
            for line in AccountReports.settingsLines(settings) { print("  " + line) }
            for definition in settings.customFields.values.sorted(by: { $0.key < $1.key }) {
                print(
                    "  custom field \(definition.key) (\(definition.label)) -> \(definition.salesforceField ?? "not mapped")"
                )
            }
        }
    }
}
