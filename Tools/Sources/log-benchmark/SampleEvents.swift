/// Realistic Avochato events as JSON lines of about 200 bytes: contact edits, calls, texts and
/// notes across many accounts and contacts, with bodies drawn from everyday phrases.
enum SampleEvents {
    private static let phrases = [
        "Is my order ready for pickup?", "Thanks, see you at 3pm tomorrow.", "Can you send the invoice again?",
        "We are running 10 minutes late, sorry!", "Your appointment is confirmed for Monday.",
        "Please call me back when you have a moment.", "The technician is on the way.", "Got it, thank you!",
        "Do you have this in a larger size?", "Reply STOP to unsubscribe.", "What time do you close today?",
        "I'd like to reschedule my visit.", "Payment received, thank you for your business.",
    ]
    private static let names = [
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Linus",
    ]
    private static let surnames = [
        "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman",
    ]

    /// Event `index` of the sample; the same index always gives the same bytes.
    static func event(_ index: Int) -> [UInt8] {
        var random = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
        func draw(_ bound: Int) -> Int {
            random ^= random >> 31
            random = random &* 0xBF58_476D_1CE4_E5B9 &+ 0x94D0_49BB_1331_11EB
            return Int((random >> 33) % UInt64(bound))
        }
        let account = "acct-\(1000 + draw(1000))"
        let contact = "c-\(100_000 + draw(100_000))"
        let minute = index / 60 % 60
        let second = index % 60
        let at = "2026-11-28T09:\(minute < 10 ? "0" : "")\(minute):\(second < 10 ? "0" : "")\(second)Z"
        let head = "{\"id\":\"evt-\(index)\",\"account\":\"\(account)\",\"contact\":\"\(contact)\",\"at\":\"\(at)\","
        let line: String
        switch draw(10) {
        case 0...1:
            let name = names[draw(names.count)]
            let surname = surnames[draw(surnames.count)]
            line =
                head + "\"type\":\"contact.upserted\",\"fields\":{\"phone\":\"+1415555\(1000 + draw(9000))\","
                + "\"first_name\":\"\(name)\",\"last_name\":\"\(surname)\",\"email\":\"\(name.lowercased())@example.com\"}}"
        case 2...3:
            line =
                head + "\"type\":\"call.logged\",\"direction\":\"\(draw(2) == 0 ? "inbound" : "outbound")\","
                + "\"duration_seconds\":\(draw(900)),\"disposition\":\"answered\",\"agent\":\"agent-\(draw(50))\"}"
        case 4:
            line =
                head
                + "\"type\":\"note.added\",\"body\":\"\(phrases[draw(phrases.count)]) \(phrases[draw(phrases.count)])\"}"
        default:
            line =
                head + "\"type\":\"text.logged\",\"direction\":\"\(draw(2) == 0 ? "inbound" : "outbound")\","
                + "\"body\":\"\(phrases[draw(phrases.count)])\",\"conversation\":\"conv-\(draw(100_000))\"}"
        }
        return Array((line + "\n").utf8)
    }
}
