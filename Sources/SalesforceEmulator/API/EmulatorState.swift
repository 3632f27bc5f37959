import Foundation

/// Everything the emulator holds, guarded as one by `SalesforceEmulator`'s lock so that every
/// request (a composite or collection request included) sees and makes one consistent change.
struct EmulatorState: Sendable {
    let fixture: OrgFixture
    let schema: OrgSchema
    var store: OrgStore
    var sessions: Sessions
    var usage: UsageMeter
    var cursors = QueryCursors()
    var faults = FaultInjector()
    /// `scheme://host:port` the server listens on; the token response's `instance_url`.
    var baseURL = "http://127.0.0.1"

    init(fixture: OrgFixture, now: Date) throws(EmulatorSetupError) {
        self.fixture = fixture
        schema = try OrgSchema(fixture: fixture)
        store = OrgStore(schema: schema)
        try store.load(fixture, now: now, userID: fixture.users.first?.id ?? "005000000000000AAA")
        sessions = Sessions(fixture: fixture)
        usage = UsageMeter(allowance: fixture.organization.dailyAPIRequests ?? 100_000)
    }

    var organizationID: String { fixture.organization.id }

    var sessionLifetime: TimeInterval { TimeInterval(fixture.organization.sessionSeconds ?? 7200) }

    /// Back to the fixture's records, with API usage and cursors cleared; sessions and refresh
    /// tokens stay valid, and faults are cleared.
    mutating func reset(now: Date) throws(EmulatorSetupError) {
        var fresh = OrgStore(schema: schema)
        try fresh.load(fixture, now: now, userID: fixture.users.first?.id ?? "005000000000000AAA")
        store = fresh
        usage = UsageMeter(allowance: usage.allowance)
        cursors = QueryCursors()
        faults = FaultInjector()
    }

    func writeContext(userID: String, now: Date) -> WriteContext {
        WriteContext(now: now, userID: userID, searchIndexDelay: faults.searchIndexDelay)
    }
}
