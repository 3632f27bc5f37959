import Access
import ArgumentParser
import Foundation
import Reports
import SyncModel

/// `avosync tokens`: the service's tokens, each with a name, the accounts it reaches and its roles.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Make, list and revoke the service's tokens (each reaches its own accounts, with its own roles).",
        discussion: """
            The tokens file keeps only each token's SHA-256 digest, with its name, accounts and \\
            roles. Roles: ingest (post contact events, activities and custom field definitions), \\
            admin (also post settings and connection events, and call the admin endpoints), read \\
            (sign in to the dashboard and read). A running serve applies changes on SIGHUP.
            """,
        subcommands: [TokensCreateCommand.self, TokensListCommand.self, TokensRevokeCommand.self]
    )
}

/// The tokens file option every `tokens` command takes.
struct TokensFileOption: ParsableArguments {
    @Option(help: "The tokens file (created with mode 0600 when missing).") var tokensFile: String
}

/// `avosync tokens create`: a random token, printed once.
struct TokensCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a random token, print it once, and add its digest to the tokens file.",
        discussion: """
            Standard output holds only the token and a newline (with --json, one object); keep it \\
            now, it cannot be shown again. Notes go to standard error.
            """
    )

    @OptionGroup var file: TokensFileOption
    @Option(help: "The token's name: unique in the file; the audit trail shows it as appended_by.") var name: String
    @Option(help: "The accounts it reaches: A,B,... or '*' for every account, present and future.") var accounts: String
    @Option(help: "Its roles: any of ingest, admin, read, separated by commas.") var roles: String
    @Flag(help: "Print one JSON object: name, token, accounts, roles.") var json = false

    func validate() throws {
        if let problem = TokenFile.nameProblem(name) { throw ValidationError(problem) }
        if case .failure(let error) = AccountScope.parse(accounts) { throw ValidationError("--accounts: \(error)") }
        if case .failure(let error) = Roles.parse(roles) { throw ValidationError("--roles: \(error)") }
    }

    func run() throws {
        let scope = (try? AccountScope.parse(accounts).get()) ?? .only([])
        let parsedRoles = (try? Roles.parse(roles).get()) ?? []
        let made: TokenFileEditor.NewToken
        do {
            made = try TokenFileEditor(path: file.tokensFile).create(name: name, accounts: scope, roles: parsedRoles)
        } catch {
            throw tokensFailure("tokens create", error)
        }
        if json {
            printJSON(
                .object([
                    JSONMember("name", .string(made.grant.name)),
                    JSONMember("token", .string(made.token)),
                    JSONMember("accounts", accountsJSON(made.grant.accounts)),
                    JSONMember("roles", .array(made.grant.roles.names.map { .string($0) })),
                ])
            )
        } else {
            print(made.token)
        }
        printError(
            "avosync tokens create: added \(made.grant.name) (accounts \(made.grant.accounts), roles \(made.grant.roles)) to \(file.tokensFile); the token is shown only this once. A running serve takes it on SIGHUP."
        )
    }
}

/// `avosync tokens list`: names, accounts and roles; never a token or a whole digest.
struct TokensListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tokens of the file: name, accounts and roles (never a token or a whole digest)."
    )

    @OptionGroup var file: TokensFileOption
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let entries: [TokenFile.Entry]
        do {
            entries = try TokenFileEditor(path: file.tokensFile).list()
        } catch {
            throw tokensFailure("tokens list", error)
        }
        if json {
            printJSON(
                .object([
                    JSONMember(
                        "tokens",
                        .array(
                            entries.map { entry in
                                .object([
                                    JSONMember("name", .string(entry.grant.name)),
                                    JSONMember("accounts", accountsJSON(entry.grant.accounts)),
                                    JSONMember("roles", .array(entry.grant.roles.names.map { .string($0) })),
                                    JSONMember("legacy", .bool(entry.grant.isLegacy)),
                                    JSONMember("line", .integer(Int64(entry.line))),
                                    JSONMember("digest_prefix", .string(entry.digest.shortHex)),
                                ])
                            }
                        )
                    )
                ])
            )
            return
        }
        let width = max(12, entries.map(\.grant.name.count).max() ?? 0)
        print(padded("NAME", width) + "  " + padded("ROLES", 17) + "  " + padded("LINE", 5) + "  ACCOUNTS")
        for entry in entries {
            let accounts =
                entry.grant.isLegacy
                ? "* (a bare token: every account and role; replace it)" : entry.grant.accounts.description
            print(
                padded(entry.grant.name, width) + "  " + padded(entry.grant.roles.description, 17) + "  "
                    + padded(String(entry.line), 5) + "  " + accounts
            )
        }
    }
}

/// `avosync tokens revoke`.
struct TokensRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract:
            "Take a token out of the tokens file; a running serve drops it (and its dashboard sessions) on SIGHUP."
    )

    @OptionGroup var file: TokensFileOption
    @Option(help: "The name of the token to revoke.") var name: String

    func validate() throws {
        if name == TokenFile.legacyName {
            throw ValidationError(
                "bare tokens have no name of their own: delete their line from the tokens file by hand (tokens list shows it)"
            )
        }
    }

    func run() throws {
        let grant: Grant
        do {
            grant = try TokenFileEditor(path: file.tokensFile).revoke(name: name)
        } catch {
            throw tokensFailure("tokens revoke", error)
        }
        print(
            "revoked \(grant.name) (accounts \(grant.accounts), roles \(grant.roles)); send SIGHUP to a running serve to apply it"
        )
    }
}

/// `*` for every account, else the account names.
private func accountsJSON(_ scope: AccountScope) -> JSONValue {
    scope.accounts.map { .array($0.map { .string($0) }) } ?? .string("*")
}

/// The message and exit code of a failed tokens command: 2 for a usage mistake, 1 otherwise.
private func tokensFailure(_ command: String, _ error: TokenEditError) -> ExitCode {
    printError("avosync \(command): \(error)")
    switch error {
    case .usage: return ExitStatus.usage
    case .failure: return ExitStatus.failure
    }
}
