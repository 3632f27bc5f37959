import HummingbirdCore
import Logging

/// Bounds the listener's open connections (`serve --max-connections`): at the bound it stops
/// accepting, so new connections wait in the kernel's listen backlog until one closes (and are
/// refused once that is full). Reaching the bound, and leaving it, are each logged once.
struct ConnectionLimit: AvailableConnectionsDelegate {
    let limit: Int
    let logger: Logger
    private var open = 0
    private var atLimit = false

    init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    mutating func connectionOpened() {
        open += 1
        if open >= limit && !atLimit {
            atLimit = true
            logger.warning(
                "open connections reached --max-connections: new connections wait until one closes",
                metadata: ["max_connections": "\(limit)"]
            )
        }
    }

    mutating func connectionClosed() {
        open -= 1
        if atLimit && open < limit {
            atLimit = false
            logger.notice("open connections are under --max-connections again", metadata: ["open": "\(open)"])
        }
    }

    func isAcceptingNewConnections() -> Bool { open < limit }
}
