public import SalesforceClient
public import SyncModel

/// Where an account's unlinked contacts are looked up and created, once checked against the org.
public struct ResolvedTarget: Sendable, Hashable {
    /// The objects looked in, in the tie-break's order.
    public var objects: [String]
    /// The phone fields compared with the contact's phone, on every object looked in.
    public var matchFields: [String]
    /// The object new records are made of; the contact's phone goes in `matchFields[0]`.
    public var creationObject: String

    /// The default: Leads and Contacts by Phone or MobilePhone; new records are Leads.
    public static let leadsAndContacts = ResolvedTarget(
        objects: ["Contact", "Lead"],
        matchFields: ["Phone", "MobilePhone"],
        creationObject: "Lead"
    )

    public init(objects: [String], matchFields: [String], creationObject: String) {
        self.objects = objects
        self.matchFields = matchFields
        self.creationObject = creationObject
    }
}

/// The article's four criteria for a custom sync target, checked from describe.
public enum TargetEligibility {
    /// Why `object` cannot be a sync target; empty when it can.
    public static func failures(of object: ObjectDescription) -> [String] {
        var failures: [String] = []
        if object.phoneFields.isEmpty { failures.append("has no phone-type field") }
        if !object.searchable { failures.append("is not searchable (Allow Search is off)") }
        if !object.allowsActivities { failures.append("does not allow activities (Allow Activities is off)") }
        if !object.feedEnabled { failures.append("does not have feed tracking enabled") }
        return failures
    }

    /// The phone fields a search can use on an eligible object.
    public static func searchablePhoneFields(of object: ObjectDescription) -> [String] {
        object.searchable ? object.phoneFields.map(\.name) : []
    }

    /// Checks `settings` against the org: the target, or why the account's new look-ups must wait.
    /// `describe` gives an object's describe, nil when the org has no such object.
    public static func resolve(
        _ settings: AccountSettings,
        describe: (String) -> ObjectDescription?
    ) -> Result<ResolvedTarget, TargetProblem> {
        switch settings.syncObject {
        case .leadsAndContacts:
            guard case .field(let field) = settings.phoneField else { return .success(.leadsAndContacts) }
            // One phone field of both Leads and Contacts, such as MobilePhone alone.
            for name in ResolvedTarget.leadsAndContacts.objects {
                guard let object = describe(name) else {
                    return .failure(TargetProblem("the org has no \(name) object"))
                }
                if let problem = phoneFieldProblem(field, on: object) { return .failure(problem) }
            }
            return .success(
                ResolvedTarget(
                    objects: ResolvedTarget.leadsAndContacts.objects,
                    matchFields: [field],
                    creationObject: "Lead"
                )
            )
        case .object(let name):
            guard let object = describe(name) else {
                return .failure(TargetProblem("sync_object \(name) does not exist in the org"))
            }
            let problems = failures(of: object)
            guard problems.isEmpty else {
                return .failure(
                    TargetProblem("sync_object \(name) is not eligible: it " + problems.joined(separator: ", "))
                )
            }
            switch settings.phoneField {
            case .automatic:
                return .success(
                    ResolvedTarget(
                        objects: [name],
                        matchFields: searchablePhoneFields(of: object),
                        creationObject: name
                    )
                )
            case .field(let field):
                if let problem = phoneFieldProblem(field, on: object) { return .failure(problem) }
                return .success(ResolvedTarget(objects: [name], matchFields: [field], creationObject: name))
            }
        }
    }

    private static func phoneFieldProblem(_ field: String, on object: ObjectDescription) -> TargetProblem? {
        guard let described = object.field(field) else {
            return TargetProblem("phone_field \(field) does not exist on \(object.name)")
        }
        guard described.type == "phone" else {
            return TargetProblem(
                "phone_field \(field) on \(object.name) is a \(described.type) field, not a phone field"
            )
        }
        return nil
    }
}

/// Why an account's settings cannot be used with its org.
public struct TargetProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
