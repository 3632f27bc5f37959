internal import CNATS
import Glibc

/// What avosync asks of a stream. Messages are kept on file, forever (nothing expires), unless
/// `maxAge` says otherwise.
public struct StreamConfiguration: Sendable, Equatable {
    public var name: String
    public var subjects: [String]
    /// Copies kept, on that many servers (1 to 5).
    public var replicas: Int
    /// How long JetStream remembers message ids to drop duplicates.
    public var duplicateWindow: Duration

    public init(name: String, subjects: [String], replicas: Int, duplicateWindow: Duration = .seconds(120)) {
        self.name = name
        self.subjects = subjects
        self.replicas = replicas
        self.duplicateWindow = duplicateWindow
    }
}

/// A stream's state and replication, as the server reports them.
public struct StreamStatus: Sendable {
    public var name: String
    public var replicas: Int
    public var messages: UInt64
    public var firstSequence: UInt64
    public var lastSequence: UInt64
    /// The server that leads the stream now (nil: no leader, e.g. during an election).
    public var leader: String?
    /// The other copies: each server's name, whether it is current, and how far behind it is.
    public var followers: [Follower]
    /// The duplicate window the server keeps.
    public var duplicateWindow: Duration

    public struct Follower: Sendable {
        public var server: String
        public var current: Bool
        public var offline: Bool
        public var lag: UInt64
    }
}

extension NATSConnection {
    /// The stream's status, or nil when it does not exist.
    public func streamStatus(_ name: String) throws(JetStreamError) -> StreamStatus? {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(0)
        let status = js_GetStreamInfo(&info, context, name, nil, &code)
        if Int(code.rawValue) == JetStreamError.Code.streamNotFound || status == NATS_NOT_FOUND { return nil }
        try check(status, "read the stream \(name)", code)
        defer { jsStreamInfo_Destroy(info) }
        return StreamStatus(info!.pointee)
    }

    /// Creates the stream, or returns it as it is when it exists (another node made it). With
    /// fewer servers than `replicas`, creates it with as many replicas as the servers allow, and
    /// says so in the returned status.
    public func ensureStream(_ configuration: StreamConfiguration) throws(JetStreamError) -> StreamStatus {
        if let existing = try streamStatus(configuration.name) { return existing }
        var replicas = configuration.replicas
        while true {
            do {
                return try addStream(configuration, replicas: replicas)
            } catch let error where replicas > 1 && error.isTooFewServers {
                replicas -= 1
            } catch let error {
                // Two nodes starting at once: the other made it first.
                if let existing = try streamStatus(configuration.name) { return existing }
                throw error
            }
        }
    }

    private func addStream(_ configuration: StreamConfiguration, replicas: Int) throws(JetStreamError) -> StreamStatus {
        var config = jsStreamConfig()
        jsStreamConfig_Init(&config)
        var subjects = configuration.subjects.map { UnsafePointer(strdup($0)) }
        defer { subjects.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(0)
        let status = configuration.name.withCString { name in
            config.Name = name
            config.Storage = js_FileStorage
            config.Replicas = Int64(replicas)
            config.Duplicates = configuration.duplicateWindow.nanoseconds
            config.AllowDirect = true
            config.SubjectsLen = Int32(subjects.count)
            return subjects.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
                    config.Subjects = UnsafeMutablePointer(mutating: $0)
                    return js_AddStream(&info, context, &config, nil, &code)
                }
            }
        }
        try check(status, "create the stream \(configuration.name) with \(replicas) replicas", code)
        defer { jsStreamInfo_Destroy(info) }
        return StreamStatus(info!.pointee)
    }
}

extension JetStreamError {
    /// The cluster has fewer servers than the replicas asked for.
    var isTooFewServers: Bool {
        [10005, 10023, 10074].contains(code) || status.contains("insufficient resources")
            || status.contains("no suitable peers") || status.contains("replicas > 1 not supported")
    }
}

extension StreamStatus {
    init(_ info: jsStreamInfo) {
        name = String(cString: info.Config.pointee.Name)
        replicas = Int(info.Config.pointee.Replicas)
        messages = info.State.Msgs
        firstSequence = info.State.FirstSeq
        lastSequence = info.State.LastSeq
        duplicateWindow = .nanoseconds(info.Config.pointee.Duplicates)
        leader = nil
        followers = []
        if let cluster = info.Cluster?.pointee {
            leader = cluster.Leader.map { String(cString: $0) }
            for index in 0..<Int(cluster.ReplicasLen) {
                guard let peer = cluster.Replicas[index]?.pointee else { continue }
                followers.append(
                    Follower(
                        server: String(cString: peer.Name),
                        current: peer.Current,
                        offline: peer.Offline,
                        lag: peer.Lag
                    )
                )
            }
        }
    }
}
