import Projection
import SalesforceClient
import SyncModel

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
