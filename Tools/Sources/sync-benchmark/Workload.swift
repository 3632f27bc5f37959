import BenchmarkSupport
import SyncModel

/// A mixed history: new contacts and contacts the org already has (phones written in other
/// formats), each with edits, calls, texts and notes, interleaved across contacts the way a busy
/// account's log is, while each contact's own events keep their order.
struct Workload {
    let account = "bench"
    /// Every event, in log order.
    var events: [Event] = []
    /// Phones of the contacts the org already holds, as the org writes them.
    var knownPhones: [String] = []
    var contacts: Int
    var activities = 0

    init(contacts: Int, eventsPerContact: Int, knownShare: Double, seed: UInt64) {
        self.contacts = contacts
        var random = SplitMix(seed: seed)
        var perContact: [[EventPayload]] = []
        for index in 0..<contacts {
            let contact = "c\(index)"
            let digits = 4_160_000_000 + index
            let e164 = "+1\(digits)"
            if Double(index % 100) < knownShare * 100 {
                let area = digits / 10_000_000
                let exchange = digits / 10_000 % 1000
                let line = digits % 10_000
                knownPhones.append(
                    index % 2 == 0
                        ? "(\(area)) \(exchange)-\(String(format: "%04d", line))"
                        : "\(area).\(exchange).\(String(format: "%04d", line))"
                )
            }
            var payloads: [EventPayload] = [
                .contactUpserted(
                    ContactUpsert(
                        contact: contact,
                        fields: [.phone: e164, .firstName: "First\(index)", .lastName: "Last\(index)"],
                        customFields: ["plan": .string("basic")]
                    )
                )
            ]
            for step in 1..<eventsPerContact {
                switch random.next() % 10 {
                case 0, 1:
                    payloads.append(
                        .contactUpserted(
                            ContactUpsert(
                                contact: contact,
                                fields: step % 2 == 0 ? [.email: "c\(index)@example.com"] : [:],
                                customFields: ["plan": .string("plan \(step)")]
                            )
                        )
                    )
                case 2, 3, 4:
                    payloads.append(
                        .textLogged(
                            TextLog(
                                contact: contact,
                                direction: step % 2 == 0 ? .inbound : .outbound,
                                body: "Message \(step) for contact \(index)"
                            )
                        )
                    )
                case 5, 6, 7:
                    payloads.append(
                        .callLogged(
                            CallLog(contact: contact, direction: .outbound, durationSeconds: Int64(random.next() % 900))
                        )
                    )
                default:
                    payloads.append(.noteAdded(Note(contact: contact, body: "Note \(step) about contact \(index)")))
                }
            }
            perContact.append(payloads)
        }
        let definition = Event(
            id: "field-plan",
            account: account,
            at: EventTime(seconds: 1_764_000_000),
            payload: .customFieldDefined(
                CustomFieldDefinition(key: "plan", label: "Plan", salesforceField: "FavoriteFood__c")
            )
        )
        events.append(definition)
        var next = Array(repeating: 0, count: contacts)
        var open = Array(0..<contacts)
        var sequence = 0
        while !open.isEmpty {
            let pick = Int(random.next() % UInt64(open.count))
            let index = open[pick]
            let payload = perContact[index][next[index]]
            next[index] += 1
            if next[index] == perContact[index].count {
                open.swapAt(pick, open.count - 1)
                open.removeLast()
            }
            sequence += 1
            if payload.type.isActivity { activities += 1 }
            events.append(
                Event(
                    id: "e\(sequence)",
                    account: account,
                    at: EventTime(seconds: 1_764_000_000 + Int64(sequence)),
                    payload: payload
                )
            )
        }
    }
}
