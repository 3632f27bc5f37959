import ArgumentParser
import Projection
import Reports
import SyncModel

/// `avosync contacts --account A [--contact C]`: each contact as Avochato should now show it,
/// both directions merged, with its link and where each field's value came from.
struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Show contacts as Avochato should now show them, with where each field's value came from.",
        discussion: """
            Edits made in Avochato and changes brought back from Salesforce (two-way sync) are \
            merged in log order, the later winning. For every field the source (avochato or \
            salesforce), the events-log offset of the event that set it and its time are shown: \
            the field provenance an auditor asks for. Cleared fields are not listed.
            """
    )

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var accountOption: AccountOption
    @Option(help: "Only this contact.") var contact: String?
    @Flag(help: "Print one JSON document.") var json = false

    private var account: String { accountOption.account }

    func validate() throws {
        if let contact { try validateIdentifier(contact, option: "contact") }
    }

    func run() throws {
        try running("contacts") {
            let layout = try data.existingLayout(command: "contacts")
            let state = try ProjectionLoader.loadReporting(layout, command: "contacts").state.account(account)
            if let contact, state.contacts[contact] == nil {
                printError("avosync contacts: account \(account) has no contact \(contact)")
                throw ExitStatus.failure
            }
            let views = try ContactView.read(layout, account: account, state: state, only: contact)
            if json {
                printJSON(
                    .object([
                        JSONMember("account", .string(account)),
                        JSONMember("contacts", .array(views.map(\.json))),
                    ])
                )
                return
            }
            if views.isEmpty { print("(no contacts yet for account \(account))") }
            for view in views { view.lines.forEach { print($0) } }
        }
    }
}
