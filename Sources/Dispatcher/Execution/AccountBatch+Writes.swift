import Algorithms
import Projection
import SalesforceClient
import SyncModel

extension AccountBatch {
    /// The writes a batch sends, and which events each one answers.
    struct Writes {
        /// Field updates, one per record, with the `contact.upserted` offsets they carry.
        var updates: [(write: RecordWrite, offsets: [UInt64])] = []
        /// Task upserts, one per activity.
        var tasks: [(write: RecordWrite, offset: UInt64)] = []
        /// Each upsert event's planned fields.
        var fieldPlans: [UInt64: FieldEventPlan] = [:]
    }

    /// Why writes failed for good: by record id for updates, by event offset for Tasks.
    struct WriteFailures {
        var updates: [String: SalesforceFailure] = [:]
        var tasks: [UInt64: SalesforceFailure] = [:]
        var taskIDs: [UInt64: String] = [:]
    }

    /// Plans field updates and Tasks for every contact with a record.
    func plan(
        _ resolved: [String: ResolvedRecord],
        unresolved: inout [String: Unresolved],
        objects: [String: ObjectDescription],
        task: ObjectDescription,
        _ outcomes: inout OutcomeCollector
    ) -> Writes {
        var writes = Writes()
        for contact in work {
            guard let record = resolved[contact.contact] else { continue }
            guard let object = objects[record.record.object] else {
                unresolved[contact.contact] = .failed(
                    SalesforceFailure(
                        errorCode: "INVALID_TYPE",
                        message: "the org no longer has the object \(record.record.object)"
                    )
                )
                continue
            }
            var planner = FieldPlanner(
                object: object,
                phoneField: SyncedFields.phoneField(of: object, settings: state.settings),
                customFields: state.customFields,
                currentValues: record.createdNow ? [:] : record.values
            )
            var upsertOffsets: [UInt64] = []
            var activities: [Event] = []
            for item in contact.items {
                switch item.event.payload {
                case .contactUpserted(let recorded):
                    // A parked or re-driven edit is older than what Avochato holds now: it writes
                    // the contact's latest values of the fields it named.
                    let upsert = item.isRevisit ? latest(recorded) : recorded
                    writes.fieldPlans[item.offset] =
                        state.settings.syncFieldUpdates ? planner.plan(upsert) : FieldPlanner.syncOff(upsert)
                    upsertOffsets.append(item.offset)
                case .callLogged, .textLogged, .noteAdded:
                    if let fields = TaskPlan.fields(for: item.event, on: record.record, task: task) {
                        writes.tasks.append((RecordWrite(object: APIName.task, fields: fields), item.offset))
                        activities.append(item.event)
                    }
                case .salesforceRecordChanged(let change):
                    planner.broughtBack(change)
                default:
                    break
                }
            }
            // The context fields go with the field updates (the creation already carried those).
            var fields = record.createdNow ? [:] : planner.writes
            fields.merge(
                ActivityContext.fields(
                    after: activities,
                    earlier: state.contacts[contact.contact]?.activityCount ?? 0,
                    on: object
                )
            ) { _, context in context }
            if !fields.isEmpty, let name = try? APIName(record.record.object) {
                writes.updates.append(
                    (RecordWrite(object: name, id: record.record.id, fields: fields), upsertOffsets)
                )
            }
        }
        return writes
    }

    /// `upsert` with the contact's current values for the fields it names.
    private func latest(_ upsert: ContactUpsert) -> ContactUpsert {
        let contact = state.contacts[upsert.contact] ?? ContactState()
        var result = upsert
        for (field, _) in upsert.fields { result.fields[field] = .some(contact.fields[field]) }
        for key in upsert.customFields.keys { result.customFields[key] = .some(contact.customFields[key]) }
        return result
    }

    /// Sends the updates and Task upserts as collections of up to 200, packed five to a composite
    /// request; retries records Salesforce could not lock.
    func send(_ writes: Writes) async throws -> WriteFailures {
        var failures = WriteFailures()
        var pendingUpdates = writes.updates.map(\.write)
        var pendingTasks = writes.tasks
        var round = 0
        while !pendingUpdates.isEmpty || !pendingTasks.isEmpty {
            round += 1
            var subrequests:
                [(request: SharedRequest, updates: [RecordWrite], tasks: [(write: RecordWrite, offset: UInt64)])] = []
            for chunk in pendingUpdates.chunks(ofCount: SalesforceClient.collectionLimit) {
                subrequests.append((.collection(.update(Array(chunk))), Array(chunk), []))
            }
            for chunk in pendingTasks.chunks(ofCount: SalesforceClient.collectionLimit) {
                subrequests.append((.collection(.upsert(.task, by: .eventID, chunk.map(\.write))), [], Array(chunk)))
            }
            // Five collections to a composite request, shared with other accounts' on the same session.
            let answers = try await access.requests.send(subrequests.map(\.request), for: account)
            var retryUpdates: [RecordWrite] = []
            var retryTasks: [(write: RecordWrite, offset: UInt64)] = []
            for (index, answer) in answers.enumerated() {
                let (_, updates, tasks) = subrequests[index]
                let whole = (200..<300).contains(answer.status) ? nil : answer.errors
                if let whole, whole.contains(where: \.isTransient) || answer.status >= 500 {
                    throw SalesforceError.api(
                        status: answer.status,
                        errors: whole,
                        request: "collection \(answer.referenceID)"
                    )
                }
                let results = answer.saveResults
                for (position, update) in updates.enumerated() {
                    let saved = whole == nil && position < results.count ? results[position] : nil
                    if saved?.success == true { continue }
                    let errors = whole ?? saved?.errors ?? []
                    if errors.contains(where: \.isTransient) {
                        retryUpdates.append(update)
                    } else {
                        failures.updates[update.id ?? ""] = SalesforceFailure(errors)
                    }
                }
                for (position, task) in tasks.enumerated() {
                    let saved = whole == nil && position < results.count ? results[position] : nil
                    if saved?.success == true, let id = saved?.id {
                        failures.taskIDs[task.offset] = id
                        continue
                    }
                    let errors = whole ?? saved?.errors ?? []
                    if errors.contains(where: \.isTransient) {
                        retryTasks.append(task)
                    } else {
                        failures.tasks[task.offset] = SalesforceFailure(errors)
                    }
                }
            }
            pendingUpdates = retryUpdates
            pendingTasks = retryTasks
            if (!pendingUpdates.isEmpty || !pendingTasks.isEmpty) && round >= Self.lockedRowRounds {
                throw SalesforceError.api(
                    status: 400,
                    errors: [SalesforceErrorItem(errorCode: "UNABLE_TO_LOCK_ROW", message: "records stayed locked")],
                    request: "collection writes"
                )
            }
            if !pendingUpdates.isEmpty || !pendingTasks.isEmpty { try await Task.sleep(for: .milliseconds(50 * round)) }
        }
        return failures
    }

    /// Turns what happened into outcomes, each event's at its offset.
    func record(
        _ writes: Writes,
        failures: WriteFailures,
        resolved: [String: ResolvedRecord],
        unresolved: [String: Unresolved],
        objects: [String: ObjectDescription],
        _ outcomes: inout OutcomeCollector
    ) {
        var updateFailureByOffset: [UInt64: SalesforceFailure] = [:]
        var written: [String: [String: SalesforceValue]] = [:]
        for (write, offsets) in writes.updates {
            if let failure = failures.updates[write.id ?? ""] {
                for offset in offsets { updateFailureByOffset[offset] = failure }
            } else if let id = write.id {
                written[id] = write.fields
            }
        }
        var synced: [String: SyncedFields] = [:]
        for (name, object) in objects {
            synced[name] = SyncedFields(object: object, settings: state.settings, customFields: state.customFields)
        }
        for contact in work {
            if let record = resolved[contact.contact], unresolved[contact.contact] == nil {
                defer {
                    remember(record, written: written[record.record.id], of: contact, synced: synced, &outcomes)
                }
                if let reason = record.newLink {
                    outcomes.add(
                        .linked(record: record.record, reason: reason),
                        offset: contact.firstOffset,
                        contact: contact.contact
                    )
                }
                for item in contact.items {
                    if let failure = updateFailureByOffset[item.offset] ?? failures.tasks[item.offset] {
                        outcomes.add(.deadLettered(failure), offset: item.offset, contact: contact.contact)
                    } else if let plan = writes.fieldPlans[item.offset] {
                        outcomes.add(
                            .fieldsWritten(record: record.record, written: plan.written, skipped: plan.skipped),
                            offset: item.offset,
                            contact: contact.contact
                        )
                    } else if let taskID = failures.taskIDs[item.offset] {
                        outcomes.add(
                            .taskWritten(record: record.record, taskID: taskID),
                            offset: item.offset,
                            contact: contact.contact
                        )
                    }
                }
                continue
            }
            // Changes brought back from Salesforce need no record: they are answered as they are.
            let avochatoItems = contact.items.filter { !$0.event.type.comesFromSalesforce }
            switch unresolved[contact.contact] {
            case .parked(let reason)?:
                for item in avochatoItems where !(item.isRevisit && state.parked[item.offset] != nil) {
                    outcomes.add(.parked(reason: reason), offset: item.offset, contact: contact.contact)
                }
            case .failed(let failure)?:
                for item in avochatoItems {
                    outcomes.add(.deadLettered(failure), offset: item.offset, contact: contact.contact)
                }
            case nil:
                break
            }
        }
    }

    /// Records what the record now holds as far as avosync knows (what it read on linking, or
    /// created it with, and what it wrote), so that change capture does not take it for a change.
    private func remember(
        _ record: ResolvedRecord,
        written: [String: SalesforceValue]?,
        of contact: ContactWork,
        synced: [String: SyncedFields],
        _ outcomes: inout OutcomeCollector
    ) {
        guard let synced = synced[record.record.object], let last = contact.items.last else { return }
        var values = record.newLink != nil ? synced.known(record.values) : [:]
        values.merge(synced.known(written ?? [:])) { _, new in new }
        // Only what differs from what the sync log already says (nothing, for a new link).
        let linked = state.contacts[contact.contact].flatMap { $0.link == record.record ? $0 : nil }
        let known = linked?.salesforceValues ?? [:]
        values = values.filter { name, value in known[name] != value }
        guard !values.isEmpty else { return }
        outcomes.add(
            .salesforceValues(record: record.record, values: values),
            offset: last.offset,
            contact: contact.contact
        )
    }

    static let lockedRowRounds = 5
}

extension APIName {
    static let task = try! APIName("Task")
    static let eventID = try! APIName("Avochato_Event_Id__c")
}
