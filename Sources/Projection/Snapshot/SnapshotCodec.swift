import ByteCoding
import SyncModel

/// The bytes of a snapshot file.
///
/// | bytes | field |
/// | --- | --- |
/// | 8 | magic `AVOSNAP\0` |
/// | 4 | format version, u32 LE (4; versions 1 to 3 are still read) |
/// | 8 | events-log offset covered (next offset), u64 LE |
/// | 8 | sync-log offset covered, u64 LE |
/// | 4 | CRC-32C of the last events-log record covered (0 for none), u32 LE |
/// | 4 | CRC-32C of the last sync-log record covered (0 for none), u32 LE |
/// | 8 | payload length, u64 LE |
/// | n | payload (`SnapshotCodec+Payload.swift`) |
/// | 4 | CRC-32C of everything before it, u32 LE |
public enum SnapshotCodec {
    static let magic: [UInt8] = Array("AVOSNAP\0".utf8)
    /// The snapshot format this version writes.
    public static let formatVersion: UInt32 = 4
    /// The formats it reads: version 1 lacks the accounts' pause ends and failures; version 2
    /// lacks two-way sync (the import setting, field directions, what each record holds, change
    /// capture's cursors and the contacts' activity counts); version 3 keeps contacts one by one,
    /// by field name, where version 4 keeps each account's contact store as it is in memory.
    static let readableVersions: ClosedRange<UInt32> = 1...4
    /// The oldest format that holds everything the fold keeps: older ones are read (`verify`,
    /// tests) but a load folds the logs again rather than start from them.
    static let completeSince: UInt32 = 3
    static let headerSize = 44

    /// The file contents for `state`, taken from logs that end (at its offsets) with `covered`.
    static func encode(_ state: ProjectionState, covered: CoveredRecords = CoveredRecords()) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(1 << 16)
        payload.appendPayload(of: state)
        var out = magic
        out.reserveCapacity(headerSize + payload.count + 4)
        out.appendLittleEndian(formatVersion)
        out.appendLittleEndian(state.eventsNextOffset)
        out.appendLittleEndian(state.syncNextOffset)
        out.appendLittleEndian(covered.events)
        out.appendLittleEndian(covered.sync)
        out.appendLittleEndian(UInt64(payload.count))
        out.append(contentsOf: payload)
        out.appendLittleEndian(CRC32C.checksum(out))
        return out
    }

    /// The state in a snapshot file and the log records it covers, or why it cannot be trusted.
    static func decode(_ bytes: [UInt8]) throws(SnapshotError) -> (state: ProjectionState, covered: CoveredRecords) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SnapshotError) -> (state: ProjectionState, covered: CoveredRecords) in
                let (version, events, sync, covered) = try header(buffer)
                let stored = buffer.loadUnaligned(fromByteOffset: buffer.count - 4, as: UInt32.self)
                guard
                    CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[..<(buffer.count - 4)]))
                        == UInt32(littleEndian: stored)
                else { throw SnapshotError("checksum mismatch") }
                var reader = StoredReader(UnsafeRawBufferPointer(rebasing: buffer[headerSize..<(buffer.count - 4)]))
                do {
                    var state = try reader.projectionState(version: version)
                    try reader.expectEnd()
                    state.eventsNextOffset = events
                    state.syncNextOffset = sync
                    return (state, covered)
                } catch {
                    throw SnapshotError("payload does not decode: \(error)")
                }
            }
        }.get()
    }

    private static func header(
        _ buffer: UnsafeRawBufferPointer
    ) throws(SnapshotError) -> (version: UInt32, events: UInt64, sync: UInt64, covered: CoveredRecords) {
        guard buffer.count >= headerSize + 4 else { throw SnapshotError("file is \(buffer.count) bytes, too short") }
        guard Array(buffer[0..<8]) == magic else { throw SnapshotError("not a snapshot (bad magic)") }
        var reader = ByteReader(buffer, at: 8)
        let version = reader.read(UInt32.self) ?? 0
        guard readableVersions.contains(version) else {
            throw SnapshotError(
                "snapshot format version \(version) is not one this avosync reads (\(readableVersions.lowerBound) to \(readableVersions.upperBound))"
            )
        }
        let events = reader.read(UInt64.self) ?? 0
        let sync = reader.read(UInt64.self) ?? 0
        let covered = CoveredRecords(events: reader.read(UInt32.self) ?? 0, sync: reader.read(UInt32.self) ?? 0)
        let length = reader.read(UInt64.self) ?? 0
        guard length == UInt64(buffer.count - headerSize - 4) else {
            throw SnapshotError("payload length \(length) does not match the file size \(buffer.count)")
        }
        return (version, events, sync, covered)
    }
}

/// Why a snapshot was not used.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
