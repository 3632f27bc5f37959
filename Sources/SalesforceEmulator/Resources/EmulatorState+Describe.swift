extension EmulatorState {
    /// `GET /sobjects`: every object with its flags.
    func describeGlobal(_ request: DataRequest) -> APIResult {
        APIResult(
            200,
            [
                "encoding": "UTF-8", "maxBatchSize": 200,
                "sobjects": .array(schema.objects.map { summary(of: $0, request) }),
            ]
        )
    }

    /// `GET /sobjects/{Object}`: the object's summary and its recently viewed records (none).
    func basicInformation(_ object: ObjectSchema, _ request: DataRequest) -> APIResult {
        APIResult(200, ["objectDescribe": summary(of: object, request), "recentItems": []])
    }

    /// `GET /sobjects/{Object}/describe`: flags, fields and child relationships.
    func describe(_ object: ObjectSchema, _ request: DataRequest) -> APIResult {
        guard case .object(var body) = summary(of: object, request) else { return APIResult(500, nil) }
        body["fields"] = .array(object.fields.map(describe))
        body["childRelationships"] = .array(childRelationships(of: object))
        body["recordTypeInfos"] = []
        return APIResult(200, .object(body))
    }

    private func summary(of object: ObjectSchema, _ request: DataRequest) -> JSON {
        let base = "\(request.versionPath)/sobjects/\(object.name)"
        return [
            "name": .string(object.name), "label": .string(object.label), "labelPlural": .string(object.labelPlural),
            "keyPrefix": .string(object.keyPrefix), "custom": .bool(object.custom),
            "searchable": .bool(object.searchable), "feedEnabled": .bool(object.feedEnabled),
            "queryable": true, "retrieveable": true, "createable": true, "updateable": true, "deletable": true,
            "layoutable": true, "triggerable": true, "replicateable": true, "undeletable": true,
            "activateable": false, "mergeable": .bool(["Lead", "Contact", "Account"].contains(object.name)),
            "customSetting": false, "deprecatedAndHidden": false,
            "urls": [
                "sobject": .string(base), "describe": .string("\(base)/describe"),
                "rowTemplate": .string("\(base)/{ID}"),
            ],
        ]
    }

    private func describe(_ field: FieldSchema) -> JSON {
        var body: [String: JSON] = [
            "name": .string(field.name), "label": .string(field.label), "type": .string(field.type.rawValue),
            "soapType": .string(field.type.soapType), "length": .int(field.type.isText ? field.length : 0),
            "byteLength": .int(field.type.isText ? field.length * 3 : 0),
            "nillable": .bool(field.nillable), "createable": .bool(field.createable),
            "updateable": .bool(field.updateable), "externalId": .bool(field.externalID),
            "unique": .bool(field.unique), "idLookup": .bool(field.type == .id || field.externalID),
            "custom": .bool(field.custom), "calculated": .bool(field.computed != nil),
            "autoNumber": false, "defaultedOnCreate": .bool(field.defaultedOnCreate),
            "filterable": .bool(field.type != .textarea), "sortable": .bool(field.type != .textarea),
            "groupable": .bool(field.type != .textarea), "caseSensitive": false,
            "restrictedPicklist": .bool(field.restrictedPicklist),
            "referenceTo": .array(field.referenceTo.map { .string($0) }),
            "relationshipName": field.relationshipName.map { .string($0) } ?? .null,
            "precision": 0, "scale": 0, "digits": .int(field.type == .int ? 9 : 0),
            "defaultValue": field.defaultValue ?? .null,
            "picklistValues": .array(
                field.picklistValues.map { value in
                    [
                        "value": .string(value), "label": .string(value), "active": true,
                        "defaultValue": .bool(field.defaultValue == .string(value)),
                    ]
                }
            ),
        ]
        if field.type.isNumber && field.type != .int {
            body["precision"] = 18
            body["scale"] = 2
        }
        return .object(body)
    }

    /// Tasks hang off Leads and Contacts through WhoId, and off objects that allow activities
    /// through WhatId.
    private func childRelationships(of object: ObjectSchema) -> [JSON] {
        guard let task = schema.object(named: "Task") else { return [] }
        return ["WhoId", "WhatId"].compactMap { name in
            guard let field = task.field(named: name), field.referenceTo.contains(object.name) else { return nil }
            return [
                "childSObject": "Task", "field": .string(name), "relationshipName": "Tasks", "cascadeDelete": false,
            ]
        }
    }
}
