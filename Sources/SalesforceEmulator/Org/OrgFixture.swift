public import Foundation

/// The contents of an org fixture file: the organisation, its connected apps and users, its
/// objects with their fields, and its records. docs/EMULATOR.md describes the format.
public struct OrgFixture: Sendable, Decodable {
    public struct Organization: Sendable, Decodable {
        public var id: String
        public var name: String
        public var edition: String?
        /// The daily API allowance (Enterprise Edition: 100,000 plus 1,000 per licence).
        public var dailyAPIRequests: Int?
        /// How long an access token lives, in seconds (Salesforce's default session: 2 hours).
        public var sessionSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case id, name, edition
            case dailyAPIRequests = "daily_api_requests"
            case sessionSeconds = "session_seconds"
        }
    }

    public struct ConnectedApp: Sendable, Decodable {
        public var clientID: String
        public var clientSecret: String
        /// Whether each refresh answers with a new refresh token and retires the old one.
        public var rotateRefreshTokens: Bool?

        enum CodingKeys: String, CodingKey {
            case clientID = "client_id"
            case clientSecret = "client_secret"
            case rotateRefreshTokens = "rotate_refresh_tokens"
        }
    }

    public struct RefreshToken: Sendable, Decodable {
        public var token: String
        public var clientID: String

        enum CodingKeys: String, CodingKey {
            case token
            case clientID = "client_id"
        }
    }

    public struct User: Sendable, Decodable {
        public var id: String
        public var username: String
        public var refreshTokens: [RefreshToken]

        enum CodingKeys: String, CodingKey {
            case id, username
            case refreshTokens = "refresh_tokens"
        }
    }

    public struct Field: Sendable, Decodable {
        public var name: String
        public var type: FieldType
        public var label: String?
        public var length: Int?
        public var nillable: Bool?
        public var createable: Bool?
        public var updateable: Bool?
        public var externalID: Bool?
        public var unique: Bool?
        public var referenceTo: [String]?
        public var relationshipName: String?
        public var picklist: [String]?
        public var restrictedPicklist: Bool?
        public var defaultValue: JSON?
        public var computed: ComputedValue?

        enum CodingKeys: String, CodingKey {
            case name, type, label, length, nillable, createable, updateable, unique, picklist, computed
            case externalID = "external_id"
            case referenceTo = "reference_to"
            case relationshipName = "relationship_name"
            case restrictedPicklist = "restricted_picklist"
            case defaultValue = "default"
        }
    }

    public struct Object: Sendable, Decodable {
        public var name: String
        public var label: String?
        public var labelPlural: String?
        public var keyPrefix: String
        public var searchable: Bool?
        public var feedEnabled: Bool?
        public var allowsActivities: Bool?
        public var requiredByRule: [String]?
        public var fields: [Field]

        enum CodingKeys: String, CodingKey {
            case name, label, fields, searchable
            case labelPlural = "label_plural"
            case keyPrefix = "key_prefix"
            case feedEnabled = "feed_enabled"
            case allowsActivities = "allows_activities"
            case requiredByRule = "required_by_rule"
        }
    }

    public var organization: Organization
    public var connectedApps: [ConnectedApp]
    public var users: [User]
    public var objects: [Object]
    /// Records per object name; each a map of field name to value. `Id` is optional.
    public var records: [String: [[String: JSON]]]

    enum CodingKeys: String, CodingKey {
        case organization, users, objects, records
        case connectedApps = "connected_apps"
    }

    /// Reads and decodes a fixture file, naming the file and the failing key path on error.
    public static func load(contentsOf url: URL) throws(EmulatorSetupError) -> OrgFixture {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmulatorSetupError("cannot read org fixture \(url.path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(OrgFixture.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw EmulatorSetupError(
                "org fixture \(url.path): missing key \(Self.path(context.codingPath + [key]))"
            )
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            throw EmulatorSetupError(
                "org fixture \(url.path): at \(Self.path(context.codingPath)): \(context.debugDescription)"
            )
        } catch {
            throw EmulatorSetupError("org fixture \(url.path): \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// A problem that stops the emulator from starting: a bad fixture, certificate or address.
public struct EmulatorSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
