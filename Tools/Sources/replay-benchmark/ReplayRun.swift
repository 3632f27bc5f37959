import BenchmarkSupport
import EventLog
import Foundation
import Projection
import SyncModel

/// One log measured: written once, then `runs` times each of `lz4 -dc` and the fold, and the
/// restart from a snapshot.
struct ReplayRun {
    let root: String
    /// Leave the data directory (and its log) behind.
    let keep: Bool
    let workload: Workload
    let events: Int
    let runs: Int

    func measure() throws -> ReplayReport {
        try? FileManager.default.removeItem(atPath: root)
        defer { if !keep { try? FileManager.default.removeItem(atPath: root) } }
        let layout = DataLayout(root: root)
        var report = ReplayReport(events: events, contacts: workload.contacts, accounts: workload.accounts)
        say(
            "writing \(events) events over \(workload.contacts) contacts and \(workload.accounts) accounts to \(root)..."
        )
        try write(layout, into: &report)
        let concatenated = try concatenateSegments(layout, into: &report)

        // The codec's own pace and the fold's, run by run, so that each ratio compares one
        // moment of the machine; then the verified batches alone (what the reader does).
        var state = ProjectionState()
        for run in 0..<runs {
            report.lz4Seconds.append(try CodecBaseline.decompress(concatenated))
            let heapBefore = ProcessMemory.liveHeap
            let residentBefore = ProcessMemory.resident
            var result: ProjectionLoader.Result?
            report.foldSeconds.append(try timed { result = try foldFromZero(layout) })
            guard let folded = result?.state, folded.eventsNextOffset == UInt64(events) else {
                throw BenchmarkError("the fold did not reach the end of the log")
            }
            if run == 0 {
                state = folded
                result = nil
                report.heapGrowth = ProcessMemory.liveHeap - heapBefore
                report.residentGrowth = ProcessMemory.resident - residentBefore
                report.contactBytes = ContactBytes(state)
            }
            say(
                String(
                    format: "  run %d: lz4 -dc %.3f s, fold %.3f s",
                    run + 1,
                    report.lz4Seconds[run],
                    report.foldSeconds[run]
                )
            )
        }
        try FileManager.default.removeItem(atPath: concatenated)
        for _ in 0..<runs { report.readSeconds.append(try timed { try readBatches(layout) }) }

        // A snapshot of the folded state, and restarts from it.
        let store = SnapshotStore(layout: layout)
        var file: SnapshotStore.File?
        report.snapshotWriteSeconds = try timed { file = try store.save(state) }
        report.snapshotBytes = (try FileManager.default.attributesOfItem(atPath: file?.path ?? "")[.size] as? Int) ?? 0
        for _ in 0..<runs {
            var loader = ProjectionLoader(layout: layout)
            loader.snapshotInterval = 0
            var restarted: ProjectionLoader.Result?
            report.restartSeconds.append(try timed { restarted = try loader.load() })
            guard restarted?.startedFrom == file, restarted?.state == state else {
                throw BenchmarkError("the restart did not start from the snapshot or gave another state")
            }
        }
        return report
    }

    private func write(_ layout: DataLayout, into report: inout ReplayReport) throws {
        var configuration = LogConfiguration()
        configuration.durability = .os
        report.writeSeconds = try timed {
            let writer = try LogWriter(directory: layout.events, configuration: configuration)
            for chunk in stride(from: 0, to: events, by: 100_000) {
                let records = (chunk..<min(chunk + 100_000, events)).map { StoredEncoding.encode(workload.event($0)) }
                report.storedBytes += records.reduce(0) { $0 + $1.count }
                try writer.append(contentsOf: records)
            }
            try writer.close()
        }
    }

    /// The log's segments end to end in one file: what `lz4 -dc` reads.
    private func concatenateSegments(_ layout: DataLayout, into report: inout ReplayReport) throws -> String {
        let segments = try FileManager.default.contentsOfDirectory(atPath: layout.events)
            .filter { $0.hasSuffix(".log") }.sorted()
        let concatenated = root + "/all-segments.lz4"
        _ = FileManager.default.createFile(atPath: concatenated, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: concatenated))
        for segment in segments {
            output.write(try Data(contentsOf: URL(fileURLWithPath: layout.events + "/" + segment)))
        }
        try output.close()
        report.segments = segments.count
        report.logBytes = (try FileManager.default.attributesOfItem(atPath: concatenated)[.size] as? Int) ?? 0
        return concatenated
    }

    /// What `replay` does: every record from offset 0, no snapshot read or written.
    private func foldFromZero(_ layout: DataLayout) throws -> ProjectionLoader.Result {
        var loader = ProjectionLoader(layout: layout)
        loader.useSnapshots = false
        loader.snapshotInterval = 0
        return try loader.load()
    }

    private func readBatches(_ layout: DataLayout) throws {
        let cursor = try LogCursor(directory: layout.events)
        var count = 0
        while let batch = try cursor.nextBatch() { count += batch.count }
        guard count == events else { throw BenchmarkError("read \(count) of \(events) events") }
    }
}
