/// Compares what a scenario left behind with its expected file. Each difference is one sentence
/// naming the account, the contact and the field.
public enum ExpectationCheck {
    public static func differences(_ expected: Expectations, _ observed: ScenarioObservation) -> [String] {
        var differences: [String] = []
        for account in expected.accounts {
            guard let seen = observed.accounts.first(where: { $0.account == account.account }) else {
                differences.append("account \(account.account): not observed")
                continue
            }
            differences += compare(account, seen)
        }
        for contact in expected.contacts {
            let seen = observed.contacts.first { $0.account == contact.account && $0.contact == contact.contact }
            differences += compare(contact, seen?.record).map { "\(contact.account)/\(contact.contact): \($0)" }
        }
        return differences
    }

    static func compare(_ expected: ExpectedAccount, _ seen: AccountObservation) -> [String] {
        var differences: [String] = []
        let name = "account \(expected.account)"
        if seen.environment != expected.environment {
            differences.append(
                "\(name): connected to \(seen.environment ?? "no org"), expected \(expected.environment)"
            )
        }
        if seen.parked.count != expected.parked {
            differences.append("\(name): \(seen.parked.count) parked events, expected \(expected.parked)")
        }
        if seen.deadLetters.count != expected.deadLetters {
            differences.append("\(name): \(seen.deadLetters.count) dead letters, expected \(expected.deadLetters)")
        }
        if let wanted = expected.parkedAfterFirstSync, seen.parkedAfterFirstSync != wanted {
            differences.append(
                "\(name): \(seen.parkedAfterFirstSync.map(String.init) ?? "no") parked events after the first sync, expected \(wanted)"
            )
        }
        if let reason = seen.blockedReason { differences.append("\(name): blocked: \(reason)") }
        return differences
    }

    static func compare(_ expected: ExpectedContact, _ record: LinkedRecord?) -> [String] {
        guard let object = expected.object else {
            return record.map { ["linked to \($0.object) \($0.id), expected no link"] } ?? []
        }
        guard let record else { return ["not linked, expected a \(object)"] }
        var differences: [String] = []
        if record.object != object { differences.append("linked to a \(record.object), expected a \(object)") }
        if let id = expected.id, record.id != id { differences.append("linked to \(record.id), expected \(id)") }
        if let how = expected.how, record.how != how { differences.append("link \(record.how), expected \(how)") }
        for (field, value) in expected.fields.sorted(by: { $0.key < $1.key }) {
            let seen = record.value(of: field) ?? nil
            if seen != value { differences.append("\(field) is \(quoted(seen)), expected \(quoted(value))") }
        }
        let subjects = record.tasks.map(\.subject).sorted()
        if subjects != expected.tasks.sorted() {
            differences.append("Tasks \(subjects), expected \(expected.tasks.sorted())")
        }
        for task in record.tasks where !(task.isClosed && task.status == "Completed") {
            differences.append("Task \(task.id) is \(task.status), expected a closed Completed Task")
        }
        if let skipped = expected.skipped, Set(record.skipped.keys) != Set(skipped) {
            differences.append("skipped \(record.skipped.keys.sorted()), expected \(skipped.sorted())")
        }
        return differences
    }

    private static func quoted(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "empty" }
}
