import Foundation

/// Where a local log mirror stands: the last stream sequence it copied, and the local log's
/// next offset right after it. Written atomically after every append, so that after a crash the
/// mirror knows what it copied (and counts forward over whatever it appended after the last write).
struct MirrorPosition: Equatable, Sendable {
    var sequence: UInt64 = 0
    var nextOffset: UInt64 = 0

    static func read(_ path: String) throws -> MirrorPosition {
        guard let data = FileManager.default.contents(atPath: path) else { return MirrorPosition() }
        let parts = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let sequence = UInt64(parts[0]), let offset = UInt64(parts[1]) else {
            throw ClusterError(
                "\(path) is damaged (expected 'SEQUENCE OFFSET'); delete the node's data directory to copy the cluster again"
            )
        }
        return MirrorPosition(sequence: sequence, nextOffset: offset)
    }

    func write(_ path: String) throws {
        let temporary = path + ".tmp"
        let bytes = Data("\(sequence) \(nextOffset)\n".utf8)
        guard FileManager.default.createFile(atPath: temporary, contents: bytes) else {
            throw ClusterError("cannot write \(temporary)")
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        if rename(temporary, path) != 0 {
            throw ClusterError("cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
        }
    }
}
