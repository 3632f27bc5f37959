import ArgumentParser

/// The `--account A` option of commands about one account, refused when no event could carry it.
struct AccountOption: ParsableArguments {
    @Option(help: "The account.")
    var account: String

    func validate() throws {
        try validateIdentifier(account, option: "account")
    }
}
