import ArgumentParser
import Dispatcher
import Foundation
import Projection
import Reports
import SalesforceClient
import SyncModel

/// `avosync objects --account A`: which objects of the account's org can be a sync target.
struct ObjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objects",
        abstract: "List the org's objects that can be a sync target, with their searchable phone fields.",
        discussion: """
            An object can be a target when it has a phone-type field, is searchable, allows \
            activities and has feed tracking enabled. Custom objects that fail are listed with the \
            criteria they fail. Describes are cached in the data directory for every account of the \
            org (and for sync); --refresh asks the org again and replaces the cache.
            """
    )

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var accountOption: AccountOption
    @Flag(help: "Ask the org again instead of using the describes cached in the data directory.") var refresh = false
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let account = accountOption.account
        do {
            let layout = try data.existingLayout(command: "objects")
            let org = try AccountOrg(layout: layout, account: account, command: "objects", refresh: refresh)
            var eligible: [(name: String, label: String, phones: [String])] = []
            var ineligible: [(name: String, failures: [String])] = []
            try await org.use { describer in
                for summary in try await describer.objects().sorted(by: { $0.name < $1.name }) {
                    // Every custom object is judged; a standard one only when its global flags could pass.
                    guard summary.custom || (summary.searchable && summary.feedEnabled),
                        !["Task", "Event"].contains(summary.name),
                        let name = try? APIName(summary.name), let object = try await describer.describe(name)
                    else { continue }
                    let failures = TargetEligibility.failures(of: object)
                    if failures.isEmpty {
                        eligible.append(
                            (object.name, object.label, TargetEligibility.searchablePhoneFields(of: object))
                        )
                    } else if object.custom {
                        ineligible.append((object.name, failures))
                    }
                }
            }
            org.noteCache(command: "objects")
            if json {
                printJSON(
                    .object([
                        JSONMember("account", .string(account)),
                        JSONMember(
                            "eligible",
                            .array(
                                eligible.map {
                                    .object([
                                        JSONMember("object", .string($0.name)), JSONMember("label", .string($0.label)),
                                        JSONMember("phone_fields", .array($0.phones.map { .string($0) })),
                                    ])
                                }
                            )
                        ),
                        JSONMember(
                            "ineligible",
                            .array(
                                ineligible.map {
                                    .object([
                                        JSONMember("object", .string($0.name)),
                                        JSONMember("fails", .array($0.failures.map { .string($0) })),
                                    ])
                                }
                            )
                        ),
                    ])
                )
                return
            }
            print("eligible sync targets (object: searchable phone fields)")
            for object in eligible { print("  \(padded(object.name, 24)) \(object.phones.joined(separator: ", "))") }
            if !ineligible.isEmpty {
                print("custom objects that cannot be a target")
                for object in ineligible {
                    print("  \(padded(object.name, 24)) \(object.failures.joined(separator: "; "))")
                }
            }
        } catch {
            throw failure("objects", error)
        }
    }
}
