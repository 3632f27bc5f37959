import Foundation

extension OrgStore {
    /// Loads a fixture's records as they are: fixtures may set fields no client can write (a Lead's
    /// `IsConverted`, `LastModifiedDate`), and every record is searchable at once.
    mutating func load(_ fixture: OrgFixture, now: Date, userID: String) throws(EmulatorSetupError) {
        let stamp = JSON.string(SalesforceTime.format(now))
        for object in schema.objects {
            for (position, values) in (fixture.records[object.name] ?? []).enumerated() {
                let place = "records.\(object.name)[\(position)]"
                var fields: [String: JSON] = [:]
                for (name, value) in values {
                    guard let field = object.field(named: name) else {
                        throw EmulatorSetupError("org fixture \(place): \(object.name) has no field \(name)")
                    }
                    do {
                        fields[field.name] = try FieldCoercion.coerce(value, for: field)
                    } catch {
                        throw EmulatorSetupError("org fixture \(place).\(name): \(error.message)")
                    }
                }
                let id: String
                if case .string(let given) = fields["Id"] ?? .null {
                    guard RecordID.keyPrefix(of: given) == object.keyPrefix, record(given) == nil else {
                        throw EmulatorSetupError(
                            "org fixture \(place): Id \(given) is used twice or has another key prefix"
                        )
                    }
                    id = given
                } else {
                    id = newID(for: object)
                }
                fields["Id"] = .string(id)
                for field in object.fields where fields[field.name] == nil {
                    if let defaultValue = field.defaultValue { fields[field.name] = defaultValue }
                    if field.type == .boolean { fields[field.name] = .bool(false) }
                }
                for name in ["CreatedDate", "LastModifiedDate", "SystemModstamp"] where fields[name] == nil {
                    fields[name] = fields["LastModifiedDate"] ?? stamp
                }
                for name in ["CreatedById", "LastModifiedById"] { fields[name] = .string(userID) }
                object.computeValues(&fields)
                var index = SearchIndexState()
                index.write(fields, at: now, delay: 0)
                put(StoredRecord(id: id, object: object.name, fields: fields, searchIndex: index))
            }
        }
        for name in fixture.records.keys where schema.object(named: name) == nil {
            throw EmulatorSetupError("org fixture records: no object named \(name)")
        }
    }
}
