import Access
import Foundation
import SyncModel

/// Which events a token may post: events of its accounts only, and of types its roles allow.
///
/// Every post needs `ingest`. Contact events, activities and custom field definitions need nothing
/// more; control events, which change where and whether an account syncs (settings, connections,
/// and any account-wide event added later), need `admin` as well. Events only avosync writes are
/// refused as invalid whatever the token.
enum PostingScope {
    /// The roles posting an event of `type` needs; nil when no token may post it.
    static func rolesNeeded(for type: EventType) -> Roles? {
        if type.comesFromSalesforce { return nil }
        if type.isContactScoped || type == .customFieldDefined { return .ingest }
        return [.ingest, .admin]
    }

    /// Whether `grant` may post every one of `events` (the common case, checked without line numbers).
    static func allows(_ events: [Event], by grant: Grant) -> Bool {
        if grant.accounts == .all && grant.roles.isSuperset(of: [.ingest, .admin]) { return true }
        return events.allSatisfy { event in
            grant.accounts.covers(event.account) && rolesNeeded(for: event.type).map(grant.roles.isSuperset) ?? true
        }
    }

    /// Why `grant` may not post the event claiming `account` and `type` on `line`; nil when it may,
    /// or when the claims are missing or unknown (validation then says what is wrong).
    static func refusal(account: String?, type: String?, line: Int, grant: Grant) -> IngestError? {
        if let account, !grant.accounts.covers(account) {
            return IngestError(
                line: line,
                field: "account",
                reason: "the token \(grant.name) may not post events of account \(account)"
            )
        }
        if let type, let known = EventType(rawValue: type), let needed = rolesNeeded(for: known),
            !grant.roles.isSuperset(of: needed)
        {
            return IngestError(
                line: line,
                field: "type",
                reason:
                    "\(type) needs the role\(needed.names.count == 1 ? "" : "s") \(needed); the token \(grant.name) has \(grant.roles)"
            )
        }
        return nil
    }

    /// Every line (or array element) of `body` that claims an account or type `grant` may not post,
    /// read from the raw JSON so that invalid lines are judged too: scope is checked before validity.
    static func refusals(
        in body: UnsafeRawBufferPointer,
        format: EventsEndpoint.BodyFormat,
        grant: Grant
    )
        -> [IngestError]
    {
        var refusals: [IngestError] = []
        let check = { (value: JSONValue, line: Int) in
            guard case .object(let members) = value else { return }
            let claimed = { (key: String) -> String? in
                guard case .string(let text)? = members.first(where: { $0.key == key })?.value else { return nil }
                return text
            }
            if let refusal = refusal(account: claimed("account"), type: claimed("type"), line: line, grant: grant) {
                refusals.append(refusal)
            }
        }
        switch format {
        case .lines:
            var number = 0
            var start = 0
            while start < body.count {
                let end = body[start...].firstIndex(of: 0x0A) ?? body.count
                number += 1
                if let value = try? JSONScanner.parse(UnsafeRawBufferPointer(rebasing: body[start..<end])) {
                    check(value, number)
                }
                start = end + 1
            }
        case .array:
            guard case .array(let elements)? = try? JSONScanner.parse(body) else { break }
            for (index, element) in elements.enumerated() { check(element, index + 1) }
        }
        return refusals
    }
}
