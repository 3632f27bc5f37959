import ArgumentParser
import Projection
import Reports
import SyncModel

/// `avosync links --account A`: which Salesforce record each contact is linked to.
struct LinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "List an account's contacts and the Salesforce record each is linked to."
    )

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var accountOption: AccountOption
    @Flag(help: "Print one JSON document.") var json = false

    private var account: String { accountOption.account }

    func run() throws {
        try running("links") {
            let state = try ProjectionLoader.loadReporting(try data.existingLayout(command: "links"), command: "links")
                .state
            if state.accounts[account] == nil {
                printError("avosync links: note: account \(account) has no events yet")
            }
            let links = AccountReports.links(state.account(account))
            if json {
                printJSON(
                    .object([
                        JSONMember("account", .string(account)),
                        JSONMember(
                            "links",
                            .array(
                                links.map {
                                    .object([
                                        JSONMember("contact", .string($0.contact)),
                                        JSONMember("object", .string($0.record.object)),
                                        JSONMember("id", .string($0.record.id)),
                                    ])
                                }
                            )
                        ),
                    ])
                )
                return
            }
            print(padded("CONTACT", 24) + "  " + padded("OBJECT", 20) + "  RECORD ID")
            for link in links {
                print(padded(link.contact, 24) + "  " + padded(link.record.object, 20) + "  " + link.record.id)
            }
            if links.isEmpty { print("(no links yet for account \(account))") }
        }
    }
}
