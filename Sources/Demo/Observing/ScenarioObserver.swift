import EventLog
public import Projection
public import SalesforceClient
import SyncModel

/// Reads back what a sync did: links and outcomes from the data directory, records and Tasks from
/// the org through its REST API (as a Salesforce user would see them).
public struct ScenarioObserver: Sendable {
    public var layout: DataLayout
    public var client: SalesforceClient

    public init(layout: DataLayout, client: SalesforceClient) {
        self.layout = layout
        self.client = client
    }

    /// The fields read back from every linked record, where its object has them.
    static let syncedFields = ["Name", "FirstName", "LastName", "Company", "Phone", "MobilePhone", "Email", "Rating"]

    public func observe(
        _ plan: ScenarioPlan,
        parkedAfterFirstSync: [String: Int] = [:]
    ) async throws
        -> ScenarioObservation
    {
        let state = try ProjectionLoader(layout: layout).load().state
        let history = try OutcomeHistory.read(layout)
        let accounts = plan.connect.map(\.account)
        var observation = ScenarioObservation(accounts: [], contacts: [])
        for account in accounts {
            let known = state.account(account)
            observation.accounts.append(
                AccountObservation(
                    account: account,
                    environment: known.connection?.environment.rawValue,
                    parked: known.parked.sorted { $0.key < $1.key }.map {
                        ParkedEvent(offset: $0.key, contact: $0.value.contact, reason: $0.value.reason)
                    },
                    deadLetters: known.deadLetters.sorted { $0.key < $1.key }.map {
                        DeadLetterEvent(
                            offset: $0.key,
                            contact: $0.value.contact,
                            errorCode: $0.value.failure.errorCode,
                            message: $0.value.failure.message
                        )
                    },
                    parkedAfterFirstSync: parkedAfterFirstSync[account],
                    blockedReason: known.blockedReason
                )
            )
            for contact in known.contacts.keys.sorted() {
                let link = known.contacts[contact]?.link
                observation.contacts.append(
                    ContactObservation(
                        account: account,
                        contact: contact,
                        record: try await link.asyncMap {
                            try await read(
                                $0,
                                how: history.linkReasons[OutcomeHistory.Key(account, contact)] ?? "unknown",
                                skipped: history.skipped[OutcomeHistory.Key(account, contact)] ?? [:],
                                customFields: known.customFields.values.compactMap(\.salesforceField)
                            )
                        }
                    )
                )
            }
        }
        return observation
    }

    private func read(
        _ link: RecordReference,
        how: String,
        skipped: [String: String],
        customFields: [String]
    )
        async throws -> LinkedRecord
    {
        let object = try APIName(link.object)
        let description = try await client.describe(object)
        let phoneFields = description?.phoneFields.map(\.name) ?? []
        var names: [String] = []
        for name in Self.syncedFields + phoneFields + customFields.sorted()
        where !names.contains(name) && description?.field(name) != nil {
            // A Lead's or Contact's Name is only First and Last put together.
            if name == "Name" && ["Lead", "Contact"].contains(link.object) { continue }
            names.append(name)
        }
        let row = try await client.query(
            SOQLQuery(
                select: [try APIName("Id")] + names.map { try APIName($0) },
                from: object,
                where: .equals(try APIName("Id"), .string(link.id))
            )
        ).first
        let tasks = try await client.query(
            SOQLQuery(
                select: ["Id", "Subject", "Status", "IsClosed", "Avochato_Event_Id__c"].map { try APIName($0) },
                from: try APIName("Task"),
                where: .any([
                    .equals(try APIName("WhoId"), .string(link.id)), .equals(try APIName("WhatId"), .string(link.id)),
                ]),
                orderBy: [(try APIName("CreatedDate"), false), (try APIName("Id"), false)]
            )
        )
        return LinkedRecord(
            object: link.object,
            id: link.id,
            how: how,
            fields: names.map { name in (name, row.flatMap { Self.text($0[name]) }) },
            tasks: tasks.map { task in
                ObservedTask(
                    id: task.id ?? "?",
                    subject: task["Subject"].string ?? "",
                    status: task["Status"].string ?? "",
                    isClosed: task["IsClosed"].bool ?? false,
                    eventID: task["Avochato_Event_Id__c"].string
                )
            },
            skipped: skipped
        )
    }

    /// A field's value as text: nil for empty.
    static func text(_ value: SalesforceValue) -> String? {
        switch value {
        case .null: nil
        case .string(let text): text.isEmpty ? nil : text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .array, .object: "\(value)"
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
