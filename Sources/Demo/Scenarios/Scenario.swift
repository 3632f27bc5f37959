public import Foundation

/// One seed scenario: a JSON-lines file of Avochato events (`NAME.jsonl`) and, beside it, how to
/// set it up and what Salesforce must hold afterwards (`NAME.expected.json`).
public struct Scenario: Sendable {
    /// The file name without extensions, such as `01-default-lead-and-contact`.
    public var name: String
    public var eventsFile: URL
    public var expectedFile: URL
    public var plan: ScenarioPlan
}

/// The contents of `NAME.expected.json`.
public struct ScenarioPlan: Sendable, Codable, Equatable {
    /// The rule of the article the scenario shows, in a few words.
    public var rule: String
    /// What happens, for a reader of the demo.
    public var story: String
    /// The accounts to connect before the events are appended.
    public var connect: [AccountConnection]
    /// Records a Salesforce user made before the first sync.
    public var salesforceBefore: [OrgRecord]?
    /// Records a Salesforce user makes after the first sync; a second sync follows.
    public var salesforceLater: [OrgRecord]?
    public var expect: Expectations

    enum CodingKeys: String, CodingKey {
        case rule, story, connect, expect
        case salesforceBefore = "salesforce_before"
        case salesforceLater = "salesforce_later"
    }

    public struct AccountConnection: Sendable, Codable, Equatable {
        public var account: String
        /// `production` or `sandbox`.
        public var environment: String
    }

    /// A record to create through the REST API, as an admin would.
    public struct OrgRecord: Sendable, Codable, Equatable {
        public var object: String
        public var fields: [String: String]
    }
}

/// What Salesforce and the data directory must hold once the scenario has synced.
public struct Expectations: Sendable, Codable, Equatable {
    public var accounts: [ExpectedAccount]
    public var contacts: [ExpectedContact]
}

public struct ExpectedAccount: Sendable, Codable, Equatable {
    public var account: String
    public var environment: String
    public var parked: Int
    public var deadLetters: Int
    /// Events parked after the first sync, before `salesforce_later` appears.
    public var parkedAfterFirstSync: Int?

    enum CodingKeys: String, CodingKey {
        case account, environment, parked
        case deadLetters = "dead_letters"
        case parkedAfterFirstSync = "parked_after_first_sync"
    }
}

public struct ExpectedContact: Sendable, Codable, Equatable {
    public var account: String
    public var contact: String
    /// The linked record's object; nil when the contact must stay unlinked.
    public var object: String?
    /// How the link was made: `created`, `matched`, `ambiguous` or `followed_conversion`.
    public var how: String?
    /// The record's id, for records of the standard org whose ids are fixed.
    public var id: String?
    /// Field values the record must hold; null means empty.
    public var fields: [String: String?]
    /// The Subjects of the closed Tasks on the record, in any order.
    public var tasks: [String]
    /// Fields the dispatcher skipped on this record and said so.
    public var skipped: [String]?
}
