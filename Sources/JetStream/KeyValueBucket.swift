internal import CNATS

/// A JetStream key-value bucket: values with revisions, created only where absent, updated only
/// from the revision last read (compare-and-set). Keys are letters, digits and `-_=.`.
public final class KeyValueBucket: @unchecked Sendable {
    // @unchecked: the store pointer is freed only in deinit, and the C client locks its own state.
    private let store: OpaquePointer
    /// Held so that the connection outlives the store that uses it.
    private let connection: NATSConnection
    public let name: String

    /// A value and the revision it was written at.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: [UInt8]
        public var revision: UInt64
    }

    /// What a bucket keeps: every key's latest value, for `ttl` after its last write when set.
    public struct Configuration: Sendable {
        public var name: String
        public var ttl: Duration?
        public var replicas: Int

        public init(name: String, ttl: Duration? = nil, replicas: Int) {
            self.name = name
            self.ttl = ttl
            self.replicas = replicas
        }
    }

    /// Opens the bucket, creating it when it does not exist yet (with fewer replicas when the
    /// cluster has fewer servers) unless `create` is false.
    public init(
        _ configuration: Configuration,
        on connection: NATSConnection,
        create: Bool = true
    ) throws(JetStreamError) {
        self.connection = connection
        name = configuration.name
        var store: OpaquePointer?
        let opened = js_KeyValue(&store, connection.context, configuration.name)
        if opened != NATS_OK && !create {
            throw JetStreamError("open the key-value bucket \(configuration.name)", opened)
        }
        if opened != NATS_OK {
            var replicas = configuration.replicas
            while true {
                var config = kvConfig()
                kvConfig_Init(&config)
                config.History = 1
                config.TTL = configuration.ttl?.nanoseconds ?? 0
                config.Replicas = Int32(replicas)
                config.StorageType = js_FileStorage
                let status = configuration.name.withCString { bucket in
                    config.Bucket = bucket
                    return js_CreateKeyValue(&store, connection.context, &config)
                }
                if status == NATS_OK { break }
                let error = JetStreamError("create the key-value bucket \(configuration.name)", status)
                if replicas > 1, error.isTooFewServers || error.status.contains("insufficient") {
                    replicas -= 1
                    continue
                }
                // Another node made it meanwhile.
                if js_KeyValue(&store, connection.context, configuration.name) == NATS_OK { break }
                throw error
            }
        }
        self.store = store!
    }

    deinit { kvStore_Destroy(store) }

    /// The key's value, or nil when it has none (never written, deleted or expired).
    public func get(_ key: String) throws(JetStreamError) -> Entry? {
        var entry: OpaquePointer?
        let status = kvStore_Get(&entry, store, key)
        if status == NATS_NOT_FOUND { return nil }
        try check(status, "read \(key) in \(name)")
        defer { kvEntry_Destroy(entry) }
        return Entry(entry!)
    }

    /// Writes `value` only if the key has none; returns the new revision, or nil when it has one.
    public func create(_ key: String, _ value: [UInt8]) throws(JetStreamError) -> UInt64? {
        var revision: UInt64 = 0
        let status = value.withUnsafeBytes { kvStore_Create(&revision, store, key, $0.baseAddress, Int32($0.count)) }
        if status == NATS_OK { return revision }
        let error = JetStreamError("create \(key) in \(name)", status)
        if error.status.contains("key exists") || error.isWrongLastSequence { return nil }
        throw error
    }

    /// Writes `value` only if the key is still at `revision`; returns the new revision, or nil
    /// when someone else wrote it since.
    public func update(_ key: String, _ value: [UInt8], revision: UInt64) throws(JetStreamError) -> UInt64? {
        var newRevision: UInt64 = 0
        let status = value.withUnsafeBytes {
            kvStore_Update(&newRevision, store, key, $0.baseAddress, Int32($0.count), revision)
        }
        if status == NATS_OK { return newRevision }
        let error = JetStreamError("update \(key) in \(name)", status)
        if error.isWrongLastSequence { return nil }
        throw error
    }

    /// Writes `value` whatever the key holds; returns the new revision.
    @discardableResult
    public func put(_ key: String, _ value: [UInt8]) throws(JetStreamError) -> UInt64 {
        var revision: UInt64 = 0
        let status = value.withUnsafeBytes { kvStore_Put(&revision, store, key, $0.baseAddress, Int32($0.count)) }
        try check(status, "write \(key) in \(name)")
        return revision
    }

    /// Deletes the key.
    public func delete(_ key: String) throws(JetStreamError) {
        try check(kvStore_Delete(store, key), "delete \(key) in \(name)")
    }

    /// Every key with its latest value, read by one watcher (not one request per key).
    public func entries() throws(JetStreamError) -> [Entry] {
        var options = kvWatchOptions()
        kvWatchOptions_Init(&options)
        options.IgnoreDeletes = true
        var watcher: OpaquePointer?
        try check(kvStore_WatchAll(&watcher, store, &options), "read the keys of \(name)")
        defer { kvWatcher_Destroy(watcher) }
        var entries: [Entry] = []
        while true {
            var entry: OpaquePointer?
            try check(kvWatcher_Next(&entry, watcher, 5000), "read the keys of \(name)")
            // A nil entry marks the end of the current values.
            guard let entry else { return entries }
            entries.append(Entry(entry))
            kvEntry_Destroy(entry)
        }
    }
}

extension KeyValueBucket.Entry {
    init(_ entry: OpaquePointer) {
        key = String(cString: kvEntry_Key(entry))
        let length = Int(kvEntry_ValueLen(entry))
        if length > 0, let bytes = kvEntry_Value(entry) {
            value = Array(UnsafeRawBufferPointer(start: bytes, count: length))
        } else {
            value = []
        }
        revision = kvEntry_Revision(entry)
    }
}
