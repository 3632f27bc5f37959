public import Foundation
public import Projection
public import SalesforceClient

/// What orgs' describes said, kept in the data directory (`cache/describes/ORG/OBJECT.json`) so
/// that a restart does not ask again: every account of an org shares one schema, and a describe
/// costs an API call.
///
/// Derived data: a file that is missing, unreadable, of another version or older than the age
/// limit is simply asked for again. Each file is written whole and renamed into place, so readers
/// in other processes (`avosync objects`) see the old file or the new one.
public struct DescribeCache: Sendable {
    /// One object's describe as fetched, or that the org has no such object.
    public struct Entry: CachedDescribe, Sendable, Equatable {
        /// The file format.
        public var version = Self.currentVersion
        /// When it was fetched, in seconds since 1970.
        public var fetchedAt: Double
        /// Nil when the org had no such object.
        public var description: ObjectDescription?

        static let currentVersion = 1

        public init(fetchedAt: Date, description: ObjectDescription?) {
            self.fetchedAt = fetchedAt.timeIntervalSince1970
            self.description = description
        }

        enum CodingKeys: String, CodingKey {
            case version
            case fetchedAt = "fetched_at"
            case description
        }
    }

    /// The org's object list (the global describe).
    public struct GlobalEntry: CachedDescribe, Sendable, Equatable {
        public var version = Entry.currentVersion
        public var fetchedAt: Double
        public var objects: [ObjectSummary]

        public init(fetchedAt: Date, objects: [ObjectSummary]) {
            self.fetchedAt = fetchedAt.timeIntervalSince1970
            self.objects = objects
        }

        enum CodingKeys: String, CodingKey {
            case version
            case fetchedAt = "fetched_at"
            case objects
        }
    }

    /// `cache/describes` in the data directory.
    public let directory: String

    public init(layout: DataLayout) { directory = layout.cache + "/describes" }

    /// The cached describe of `object` in `org`, when younger than `maxAge`.
    public func entry(_ object: String, org: OrgKey, maxAge: Duration) -> Entry? {
        read(Entry.self, path(org, object)).flatMap { $0.isFresh(maxAge: maxAge) ? $0 : nil }
    }

    /// The cached object list of `org`, when younger than `maxAge`.
    public func global(org: OrgKey, maxAge: Duration) -> GlobalEntry? {
        read(GlobalEntry.self, path(org, Self.globalName)).flatMap { $0.isFresh(maxAge: maxAge) ? $0 : nil }
    }

    /// Keeps `entry` for `object` of `org`. A cache that cannot be written costs a describe on the
    /// next start, nothing else: failures are returned for the caller to log, never thrown.
    @discardableResult
    public func store(_ entry: Entry, _ object: String, org: OrgKey) -> String? {
        write(entry, to: path(org, object))
    }

    /// Keeps the object list of `org`.
    @discardableResult
    public func store(_ global: GlobalEntry, org: OrgKey) -> String? {
        write(global, to: path(org, Self.globalName))
    }

    /// Forgets what was cached of `object` in `org`.
    public func remove(_ object: String, org: OrgKey) {
        try? FileManager.default.removeItem(atPath: path(org, object))
    }

    /// Forgets everything cached for `org`.
    public func removeAll(org: OrgKey) {
        try? FileManager.default.removeItem(atPath: directory + "/" + org.fileName)
    }

    /// The global describe's file name: `_` cannot begin an object's API name.
    static let globalName = "_objects"

    private func path(_ org: OrgKey, _ object: String) -> String {
        directory + "/" + org.fileName + "/" + object + ".json"
    }

    private func read<T: Decodable>(_ type: T.Type, _ path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    private func write<T: Encodable>(_ value: T, to path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
            return nil
        } catch {
            return "cannot write \(path): \(error.localizedDescription)"
        }
    }
}

/// What every file of the describe cache holds besides what the org said.
protocol CachedDescribe: Codable {
    /// The file format.
    var version: Int { get }
    /// When it was fetched, in seconds since 1970.
    var fetchedAt: Double { get }
}

extension CachedDescribe {
    /// Seconds since it was fetched (negative when the clock went back since).
    func age(at now: Date = Date()) -> Double { now.timeIntervalSince1970 - fetchedAt }

    /// Of the current format, and fetched less than `maxAge` ago.
    func isFresh(maxAge: Duration) -> Bool {
        let age = age()
        return version == DescribeCache.Entry.currentVersion && age >= 0 && age < Double(maxAge.components.seconds)
    }
}

/// Which org an account's credentials lead to: its organization id, or, for credentials stored
/// without one, its instance URL. Accounts with the same key share the org's describes and its
/// view of the daily API allowance.
public struct OrgKey: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ credentials: StoredCredentials) {
        if let id = credentials.orgID, !id.isEmpty {
            description = id
        } else {
            description = "instance " + credentials.instanceURL
        }
    }

    /// A file name for the org: its id, or its instance URL with every other character replaced.
    var fileName: String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.")
        return String(description.map { allowed.contains($0) ? $0 : "_" })
    }
}
