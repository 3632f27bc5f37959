import CoreMetrics
import EventLog
import Foundation
import Projection
import SalesforceClient

extension Dispatcher {
    /// Brings the metrics up to date: the log's growth and the dispatcher's lag, then each
    /// connected account's pending, parked and dead-lettered events, blocked and paused state, and
    /// its org's API usage.
    func reportMetrics() async {
        let position = heldBack?.offset ?? cursor?.nextOffset ?? state.eventsNextOffset
        let end = (try? logEnd(from: position)) ?? position
        metrics.log(end: end, position: position)
        options.progress?(position, max(end, position))
        if let appendedAt = batchAppendedAt {
            let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
            metrics.lagSeconds.record(Double(max(0, now - appendedAt)) / 1_000_000)
        } else if end == position {
            metrics.lagSeconds.record(0)
        }
        for (name, account) in state.accounts where account.connection != nil {
            guard options.accounts?.contains(name) ?? true else { continue }
            let usage = await sessions[name]?.client.usage
            let requests = await sessions[name]?.client.requestsSent
            let retries = await sessions[name]?.client.retries
            let paused = pausedUntil[name] != nil
            metrics.update(name) { figures in
                figures.pending.record(account.pendingEvents)
                figures.parked.record(account.parked.count)
                figures.deadLetters.record(account.deadLetters.count)
                figures.blocked.record(account.blockedReason == nil ? 0 : 1)
                figures.paused.record(paused ? 1 : 0)
                if let requests, let retries { figures.client(usage: usage, requestsSent: requests, retried: retries) }
            }
        }
    }

    /// The events log's next offset, learnt by skipping batch headers from where the last look
    /// ended (nothing is decompressed).
    private func logEnd(from position: UInt64) throws -> UInt64 {
        if endProbe == nil {
            guard FileManager.default.fileExists(atPath: layout.events) else { return position }
            endProbe = try LogCursor(directory: layout.events, from: .offset(position))
        }
        return try endProbe?.skipToEnd() ?? position
    }
}
