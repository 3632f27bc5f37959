import BenchmarkSupport
import SyncModel

/// A reproducible stream of Avochato events over many accounts and contacts, shaped like a busy
/// business: mostly texts and calls, regular contact edits, notes, and now and then a settings
/// change or a new custom field. The same index always gives the same event.
struct Workload {
    let accounts: Int
    let contacts: Int

    private static let phrases = [
        "Is my order ready for pickup?", "Thanks, see you at 3pm tomorrow.", "Can you send the invoice again?",
        "We are running 10 minutes late, sorry!", "Your appointment is confirmed for Monday.",
        "Please call me back when you have a moment.", "The technician is on the way.", "Got it, thank you!",
        "Do you have this in a larger size?", "What time do you close today?", "I'd like to reschedule my visit.",
    ]
    private static let names = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia"]
    private static let foods = ["Avocado Toast", "Hamburgers", "Pho", "Tacos", "Ramen", "Salad"]
    static let start = EventTime(seconds: 1_764_320_400)

    func event(_ index: Int) -> Event {
        var random = SplitMix(seed: UInt64(index))
        let contactNumber = Int(random.next() % UInt64(contacts))
        let account = "acct-\(contactNumber % accounts)"
        let contact = "c-\(contactNumber)"
        let at = EventTime(seconds: Self.start.seconds + Int64(index / 100))
        let payload: EventPayload
        switch random.next() % 100 {
        case 0..<15:
            var upsert = ContactUpsert(contact: contact)
            upsert.fields[.phone] = "+1415\(2_000_000 + contactNumber)"
            upsert.fields[.firstName] = Self.names[contactNumber % Self.names.count]
            if random.next() % 2 == 0 { upsert.fields[.email] = "\(contact)@example.com" }
            upsert.customFields["favorite_food"] = .string(Self.foods[Int(random.next() % UInt64(Self.foods.count))])
            payload = .contactUpserted(upsert)
        case 15..<55:
            payload = .textLogged(
                TextLog(
                    contact: contact,
                    direction: random.next() % 2 == 0 ? .inbound : .outbound,
                    body: Self.phrases[Int(random.next() % UInt64(Self.phrases.count))],
                    conversation: "conv-\(contactNumber)"
                )
            )
        case 55..<80:
            payload = .callLogged(
                CallLog(
                    contact: contact,
                    direction: random.next() % 2 == 0 ? .inbound : .outbound,
                    durationSeconds: Int64(random.next() % 900),
                    disposition: "connected"
                )
            )
        case 80..<98:
            payload = .noteAdded(
                Note(
                    contact: contact,
                    body: Self.phrases[Int(random.next() % UInt64(Self.phrases.count))],
                    author: "agent-\(random.next() % 20)"
                )
            )
        case 98:
            payload = .settingsChanged(SettingsChange(createMissingRecords: random.next() % 2 == 0))
        default:
            payload = .customFieldDefined(
                CustomFieldDefinition(key: "favorite_food", label: "Favorite Food", salesforceField: "FavoriteFood__c")
            )
        }
        return Event(id: "e-\(index)", account: account, at: at, payload: payload)
    }
}
