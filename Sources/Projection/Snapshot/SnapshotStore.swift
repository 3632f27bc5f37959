import ByteCoding
import Foundation

/// The snapshot files of a data directory: `snapshots/snapshot-<events>-<sync>.snap`, named by the
/// two offsets they cover (20 digits each, so that names sort by offset).
///
/// Writes are atomic (temporary file, fsync, rename, fsync of the directory); readers take the
/// newest file that passes its checks, against itself and against the logs, and say why they
/// passed over any other.
public struct SnapshotStore: Sendable {
    /// The data directory whose logs the snapshots cover.
    public let layout: DataLayout
    /// The snapshots directory.
    public var directory: String { layout.snapshots }
    /// How many snapshots `save` keeps; older ones are removed.
    public var keep = 3

    public init(layout: DataLayout) { self.layout = layout }

    /// A snapshot file and the offsets its name says it covers.
    public struct File: Sendable, Equatable, Comparable {
        public var path: String
        public var eventsOffset: UInt64
        public var syncOffset: UInt64

        public static func < (lhs: File, rhs: File) -> Bool {
            (lhs.eventsOffset, lhs.syncOffset, lhs.path) < (rhs.eventsOffset, rhs.syncOffset, rhs.path)
        }
    }

    /// Snapshot files, oldest first; files that are not snapshots are left alone.
    public func files() -> [File] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> File? in
            guard name.hasPrefix("snapshot-"), name.hasSuffix(".snap") else { return nil }
            let parts = name.dropFirst("snapshot-".count).dropLast(".snap".count).split(separator: "-")
            guard parts.count == 2, let events = UInt64(parts[0]), let sync = UInt64(parts[1]) else { return nil }
            return File(path: directory + "/" + name, eventsOffset: events, syncOffset: sync)
        }.sorted()
    }

    /// A snapshot to start folding from: `read(_:)`, refusing one written in a format that lacks
    /// state the current fold keeps (two-way sync's, from format 3): the logs are folded again
    /// instead. A complete one of an older format loads; the next snapshot saved is of the
    /// current format either way.
    public func readCurrent(_ file: File) throws -> ProjectionState {
        let state = try read(file)
        if let version = formatVersion(of: file), version < SnapshotCodec.completeSince {
            throw SnapshotError(
                "format \(version) lacks what format \(SnapshotCodec.completeSince) and later keep (two-way sync); the logs are folded again instead"
            )
        }
        return state
    }

    /// The format version in a snapshot file's header.
    func formatVersion(of file: File) -> UInt32? {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 12), header.count == 12 else { return nil }
        return header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) }
    }

    /// Reads one snapshot file and checks it: its checksum, version and header, and that the
    /// logs still end, at its offsets, with the records it was taken from. Throws
    /// `SnapshotError` for a snapshot that cannot be used, `LogError` for damage in a log.
    public func read(_ file: File) throws -> ProjectionState {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw SnapshotError("cannot be read")
        }
        let (state, covered) = try SnapshotCodec.decode(Array(data))
        guard try CoveredRecords.read(layout, through: state) == covered else {
            throw SnapshotError(
                "the logs no longer hold the records it was taken from (events to offset \(state.eventsNextOffset), sync to offset \(state.syncNextOffset))"
            )
        }
        guard state.eventsNextOffset == file.eventsOffset, state.syncNextOffset == file.syncOffset else {
            throw SnapshotError(
                "its header covers offsets \(state.eventsNextOffset)/\(state.syncNextOffset), not those of its name"
            )
        }
        return state
    }

    /// Writes `state` atomically and prunes old snapshots; returns the new file.
    @discardableResult
    public func save(_ state: ProjectionState) throws -> File {
        guard let covered = try CoveredRecords.read(layout, through: state) else {
            throw SnapshotError(
                "the logs do not hold the records up to offsets \(state.eventsNextOffset)/\(state.syncNextOffset)"
            )
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = String(format: "snapshot-%020llu-%020llu.snap", state.eventsNextOffset, state.syncNextOffset)
        let file = File(
            path: directory + "/" + name,
            eventsOffset: state.eventsNextOffset,
            syncOffset: state.syncNextOffset
        )
        let temporary = directory + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        try DurableFile.write(SnapshotCodec.encode(state, covered: covered), to: temporary)
        do {
            try DurableFile.rename(temporary, to: file.path, directory: directory)
        } catch {
            unlink(temporary)
            throw error
        }
        prune()
        return file
    }

    /// Removes all but the newest `keep` snapshots, and temporary files a crash left behind.
    public func prune() {
        for old in files().dropLast(keep) { unlink(old.path) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".snapshot-") && name.hasSuffix(".tmp") {
            // Only temporary files old enough that no writer can still be writing them.
            let path = directory + "/" + name
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                modified.timeIntervalSinceNow < -3600
            {
                unlink(path)
            }
        }
    }
}
