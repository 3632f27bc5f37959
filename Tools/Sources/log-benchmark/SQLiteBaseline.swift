import BenchmarkSupport
import CSQLite

/// The baseline: the same events inserted into SQLite in WAL mode, one transaction per batch.
struct SQLiteBaseline {
    let path: String
    let synchronous: String

    /// Inserts every event; returns the seconds taken.
    func insert(_ events: [[UInt8]], batchSize: Int) throws -> Double {
        let database = try open()
        defer { sqlite3_close(database) }
        try execute(database, "PRAGMA journal_mode=WAL")
        try execute(database, "PRAGMA synchronous=\(synchronous)")
        try execute(
            database,
            "CREATE TABLE events (offset INTEGER PRIMARY KEY, at INTEGER NOT NULL, body BLOB NOT NULL)"
        )
        var statement: OpaquePointer?
        guard
            sqlite3_prepare_v2(database, "INSERT INTO events (offset, at, body) VALUES (?, ?, ?)", -1, &statement, nil)
                == SQLITE_OK
        else { throw BenchmarkError(message(database)) }
        defer { sqlite3_finalize(statement) }
        let clock = ContinuousClock()
        let start = clock.now
        var offset = 0
        while offset < events.count {
            try execute(database, "BEGIN")
            for event in events[offset..<min(offset + batchSize, events.count)] {
                sqlite3_bind_int64(statement, 1, Int64(offset))
                sqlite3_bind_int64(statement, 2, 1_800_000_000_000_000)
                _ = event.withUnsafeBytes { sqlite3_bind_blob(statement, 3, $0.baseAddress, Int32($0.count), nil) }
                guard sqlite3_step(statement) == SQLITE_DONE else { throw BenchmarkError(message(database)) }
                sqlite3_reset(statement)
                offset += 1
            }
            try execute(database, "COMMIT")
        }
        return (clock.now - start).seconds
    }

    /// Reads every row back in order, touching each body; returns seconds and bytes read.
    func readAll() throws -> (seconds: Double, bytes: Int) {
        let database = try open()
        defer { sqlite3_close(database) }
        var statement: OpaquePointer?
        guard
            sqlite3_prepare_v2(database, "SELECT offset, at, body FROM events ORDER BY offset", -1, &statement, nil)
                == SQLITE_OK
        else { throw BenchmarkError(message(database)) }
        defer { sqlite3_finalize(statement) }
        let clock = ContinuousClock()
        let start = clock.now
        var bytes = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            bytes += Int(sqlite3_column_bytes(statement, 2))
            _ = sqlite3_column_blob(statement, 2)
        }
        return ((clock.now - start).seconds, bytes)
    }

    private func open() throws -> OpaquePointer {
        var database: OpaquePointer?
        guard sqlite3_open(path, &database) == SQLITE_OK, let database else {
            throw BenchmarkError("cannot open \(path)")
        }
        return database
    }

    private func execute(_ database: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else { throw BenchmarkError(message(database)) }
    }

    private func message(_ database: OpaquePointer?) -> String {
        String(cString: sqlite3_errmsg(database))
    }
}
