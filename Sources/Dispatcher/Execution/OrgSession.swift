import Logging
import Projection
public import SalesforceClient
import SyncModel

/// One account's way into its org: the client built from its stored credentials, and the describe
/// results a batch needs, fetched once and cached by the client.
public final class OrgSession: Sendable {
    public let account: String
    public let client: SalesforceClient

    init(
        account: String,
        credentials: StoredCredentials,
        store: CredentialsStore,
        retry: RetryPolicy,
        logger: Logger
    ) throws {
        self.account = account
        let transport = try HTTPTransport(caFile: credentials.caFile)
        client = try SalesforceClient(
            credentials: credentials.oauth(),
            transport: transport,
            apiVersion: credentials.apiVersion,
            retry: retry,
            logger: logger,
            persistRefreshToken: { token in try store.replaceRefreshToken(token, for: account) }
        )
    }

    /// Describes every object in `names` the org has; missing ones are absent from the result.
    func describe(_ names: Set<String>) async throws -> [String: ObjectDescription] {
        try await withThrowingTaskGroup(of: ObjectDescription?.self) { tasks in
            for name in names.sorted() {
                guard let apiName = try? APIName(name) else { continue }
                tasks.addTask { try await self.client.describe(apiName) }
            }
            var result: [String: ObjectDescription] = [:]
            for try await description in tasks {
                if let description { result[description.name] = description }
            }
            return result
        }
    }
}

/// The fields a batch reads of a record: what matching, the tie-break, conversion and field
/// sync need, limited to fields the object has.
enum ReadFields {
    static func names(
        of object: ObjectDescription,
        matchFields: [String],
        customFields: [String: CustomFieldDefinition]
    ) -> [APIName] {
        var names = ["Id", "LastModifiedDate"]
        names += ContactField.allCases.map(FieldMapping.standardName)
        names += matchFields
        names += customFields.values.compactMap(\.salesforceField)
        if object.name == "Lead" { names += ["IsConverted", "ConvertedContactId"] }
        var seen: Set<String> = []
        return names.filter { object.field($0) != nil && seen.insert($0).inserted }.compactMap { try? APIName($0) }
    }
}
