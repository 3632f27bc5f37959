import BenchmarkSupport

/// JSON lines as Avochato sends them: mostly texts and calls, contact edits with phones to
/// normalise, a few notes, over many accounts and contacts. The same seed gives the same lines.
enum SampleLines {
    static func generate(count: Int, accounts: Int) -> [String] {
        var random = SplitMix(seed: 15)
        let bodies = [
            "Is my order ready?", "Thanks, see you at 3pm", "Can we move the appointment to Friday?",
            "Please call me back about the invoice", "Got it \u{1F44D}", "What time do you open tomorrow?",
        ]
        return (0..<count).map { index in
            let account = "acct-\(index % accounts)"
            let contact = "c-\(Int.random(in: 0..<50_000, using: &random))"
            let minute = index / 1000
            let at =
                "2026-11-\(10 + minute / 1440 % 18)T\(pad(minute / 60 % 24)):\(pad(minute % 60)):\(pad(index % 60))Z"
            let head = #"{"type":"#
            let ids = #""account":"\#(account)","id":"ev-\#(index)","contact":"\#(contact)","at":"\#(at)""#
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                let body = bodies[Int.random(in: 0..<bodies.count, using: &random)]
                return head + #""text.logged",\#(ids),"direction":"inbound","body":"\#(body)","agent":"ana"}"#
            case 4..<6:
                let seconds = Int.random(in: 0..<900, using: &random)
                return head
                    + #""call.logged",\#(ids),"direction":"outbound","duration_seconds":\#(seconds),"to":"(415) 555-\#(pad4(index % 10_000))","disposition":"answered"}"#
            case 6..<9:
                let phone = "+1 650 555 \(pad4(Int.random(in: 0..<10_000, using: &random)))"
                return head
                    + #""contact.upserted",\#(ids),"fields":{"phone":"\#(phone)","first_name":"Ada","last_name":"Lovelace \#(index % 97)","email":"ada\#(index % 997)@example.com"}}"#
            default:
                return head + #""note.added",\#(ids),"body":"Follows up next week about the renewal.","author":"ana"}"#
            }
        }
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    private static func pad4(_ value: Int) -> String {
        String(repeating: "0", count: 4 - String(value).count) + "\(value)"
    }
}
