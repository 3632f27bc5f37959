public import Foundation
public import Projection
public import SalesforceClient

/// Describes an org's objects through the data directory's cache, for one command (`objects`):
/// what the cache holds (younger than its age limit) is used, what it lacks is asked for and kept.
/// The dispatcher's lanes share an org's describes through `OrgRegistry`, on the same cache.
public final class CachedDescriber {
    private let cache: DescribeCache
    private let org: OrgKey
    private let client: SalesforceClient
    private let maxAge: Duration
    /// When the oldest describe served from the cache was fetched; nil when all were fetched now.
    public private(set) var oldestCached: Date?

    /// `refresh`: forgets what the cache holds for the org first, so everything is asked anew.
    public init(
        layout: DataLayout,
        org: OrgKey,
        client: SalesforceClient,
        refresh: Bool,
        maxAge: Duration = DispatchOptions().describeMaxAge
    ) {
        cache = DescribeCache(layout: layout)
        self.org = org
        self.client = client
        self.maxAge = maxAge
        if refresh { cache.removeAll(org: org) }
    }

    /// The age limit, in hours.
    public var maxAgeHours: Int64 { maxAge.components.seconds / 3600 }

    /// The org's objects (the global describe).
    public func objects() async throws -> [ObjectSummary] {
        if let cached = cache.global(org: org, maxAge: maxAge) {
            served(cached.fetchedAt)
            return cached.objects
        }
        let objects = try await client.fetchGlobalDescription()
        cache.store(DescribeCache.GlobalEntry(fetchedAt: Date(), objects: objects), org: org)
        return objects
    }

    /// One object's describe; nil when the org has no such object.
    public func describe(_ object: APIName) async throws -> ObjectDescription? {
        if let cached = cache.entry(object.rawValue, org: org, maxAge: maxAge) {
            served(cached.fetchedAt)
            return cached.description
        }
        let description = try await client.fetchDescription(object)
        cache.store(DescribeCache.Entry(fetchedAt: Date(), description: description), object.rawValue, org: org)
        return description
    }

    private func served(_ fetchedAt: Double) {
        let date = Date(timeIntervalSince1970: fetchedAt)
        oldestCached = min(oldestCached ?? date, date)
    }
}
