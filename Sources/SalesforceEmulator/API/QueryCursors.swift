/// Open query results whose later batches a client fetches through `nextRecordsUrl`.
struct QueryCursors: Sendable {
    private struct Cursor: Sendable {
        var rows: [JSON]
        var batchSize: Int
    }

    private var cursors: [String: Cursor] = [:]
    private var order: [String] = []
    private var sequence = 0
    /// Salesforce keeps a limited number of open cursors per user; the oldest goes first.
    private let capacity = 50

    /// Stores the rows after the first batch; returns the locator.
    mutating func open(rows: [JSON], batchSize: Int) -> String {
        sequence += 1
        let locator = RecordID.make(keyPrefix: "01g", sequence: sequence)
        cursors[locator] = Cursor(rows: rows, batchSize: batchSize)
        order.append(locator)
        if order.count > capacity { cursors[order.removeFirst()] = nil }
        return locator
    }

    /// The batch at `start` of cursor `locator`, and whether it is the last.
    mutating func batch(_ locator: String, from start: Int) -> (rows: [JSON], done: Bool, total: Int)? {
        guard let cursor = cursors[locator], start >= 0, start <= cursor.rows.count else { return nil }
        let end = min(cursor.rows.count, start + cursor.batchSize)
        let done = end == cursor.rows.count
        if done {
            cursors[locator] = nil
            order.removeAll { $0 == locator }
        }
        return (Array(cursor.rows[start..<end]), done, cursor.rows.count)
    }
}
