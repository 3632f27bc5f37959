/// Every object of an org, found by name (ignoring case) or by key prefix.
public struct OrgSchema: Sendable {
    public private(set) var objects: [ObjectSchema]
    private var indexByName: [String: Int] = [:]
    private var indexByLowercasedName: [String: Int] = [:]
    private var indexByKeyPrefix: [String: Int] = [:]

    /// Builds the schema from a fixture: adds the system fields every object has, and lists the
    /// objects that allow activities in Task's `WhatId.referenceTo`, as Salesforce's describe does.
    public init(fixture: OrgFixture) throws(EmulatorSetupError) {
        objects = []
        for object in fixture.objects {
            guard object.keyPrefix.count == 3 else {
                throw EmulatorSetupError("object \(object.name): key_prefix must be 3 characters")
            }
            var fields = Self.systemFields(keyPrefixOwner: object.name)
            for field in object.fields {
                guard fields.allSatisfy({ $0.name.lowercased() != field.name.lowercased() }) else {
                    throw EmulatorSetupError("object \(object.name): field \(field.name) is defined twice")
                }
                fields.append(Self.schema(of: field))
            }
            let schema = ObjectSchema(
                name: object.name,
                label: object.label ?? object.name,
                labelPlural: object.labelPlural ?? (object.label ?? object.name) + "s",
                keyPrefix: object.keyPrefix,
                searchable: object.searchable ?? true,
                feedEnabled: object.feedEnabled ?? false,
                allowsActivities: object.allowsActivities ?? false,
                requiredByRule: object.requiredByRule ?? [],
                fields: fields
            )
            guard indexByLowercasedName[schema.name.lowercased()] == nil,
                indexByKeyPrefix[schema.keyPrefix] == nil
            else {
                throw EmulatorSetupError("object \(object.name): name or key prefix used twice")
            }
            indexByName[schema.name] = objects.count
            indexByLowercasedName[schema.name.lowercased()] = objects.count
            indexByKeyPrefix[schema.keyPrefix] = objects.count
            objects.append(schema)
        }
        let activityParents = objects.filter {
            $0.allowsActivities && !["lead", "contact", "task"].contains($0.name.lowercased())
        }.map(\.name)
        if let task = indexByLowercasedName["task"] {
            objects[task].setReferenceTo(activityParents, ofField: "WhatId")
        }
    }

    /// The object named `name`, ignoring case.
    public func object(named name: String) -> ObjectSchema? {
        (indexByName[name] ?? indexByLowercasedName[name.lowercased()]).map { objects[$0] }
    }

    /// The object whose ids start with `keyPrefix`.
    public func object(withKeyPrefix keyPrefix: String) -> ObjectSchema? {
        indexByKeyPrefix[keyPrefix].map { objects[$0] }
    }

    private static func schema(of field: OrgFixture.Field) -> FieldSchema {
        let computed = field.computed != nil
        return FieldSchema(
            name: field.name,
            label: field.label ?? field.name,
            type: field.type,
            length: field.length ?? defaultLength(of: field.type),
            nillable: field.nillable ?? true,
            createable: field.createable ?? !computed,
            updateable: field.updateable ?? !computed,
            externalID: field.externalID ?? false,
            unique: field.unique ?? false,
            referenceTo: field.referenceTo ?? [],
            relationshipName: field.relationshipName,
            picklistValues: field.picklist ?? [],
            restrictedPicklist: field.restrictedPicklist ?? false,
            defaultValue: field.defaultValue,
            computed: field.computed,
            isSystem: false
        )
    }

    private static func defaultLength(of type: FieldType) -> Int {
        switch type {
        case .id, .reference: 18
        case .string, .picklist, .url, .email: 255
        case .phone: 40
        case .textarea: 32_000
        default: 0
        }
    }

    /// Id, IsDeleted and the audit fields: set by the org, read-only to clients.
    private static func systemFields(keyPrefixOwner object: String) -> [FieldSchema] {
        func system(_ name: String, _ type: FieldType, referenceTo: [String] = []) -> FieldSchema {
            FieldSchema(
                name: name,
                label: name,
                type: type,
                length: type == .id || type == .reference ? 18 : 0,
                nillable: false,
                createable: false,
                updateable: false,
                externalID: false,
                unique: false,
                referenceTo: referenceTo,
                relationshipName: nil,
                picklistValues: [],
                restrictedPicklist: false,
                defaultValue: nil,
                computed: nil,
                isSystem: true
            )
        }
        return [
            system("Id", .id),
            system("IsDeleted", .boolean),
            system("CreatedDate", .datetime),
            system("CreatedById", .reference, referenceTo: ["User"]),
            system("LastModifiedDate", .datetime),
            system("LastModifiedById", .reference, referenceTo: ["User"]),
            system("SystemModstamp", .datetime),
        ] + (mergeable.contains(object) ? [system("MasterRecordId", .reference, referenceTo: [object])] : [])
    }

    /// Objects a person can merge in Salesforce; a record merged away names its survivor in `MasterRecordId`.
    static let mergeable: Set<String> = ["Account", "Contact", "Lead"]
}
