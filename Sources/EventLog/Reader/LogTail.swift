/// Follows a log as another process (or this one) appends to it: an endless async sequence of
/// records that waits at the end of the log, polling every few milliseconds, and follows segment
/// rolls. It ends when its task is cancelled; it throws on damage.
public struct LogTail: AsyncSequence, Sendable {
    /// Records, in log order.
    public typealias Element = LogRecord

    /// The log directory.
    public let directory: String
    /// Where to start.
    public let start: LogCursor.Start
    /// The shortest and longest pause between two looks at an idle log.
    public let pollInterval: ClosedRange<Duration>

    /// A tail of the log in `directory`, from `start`. The directory may not hold a log yet.
    public init(
        directory: String,
        from start: LogCursor.Start = .offset(0),
        pollInterval: ClosedRange<Duration> = .milliseconds(1) ... .milliseconds(10)
    ) {
        self.directory = directory
        self.start = start
        self.pollInterval = pollInterval
    }

    /// Starts following; the first call to `next()` opens the log (or waits for it to exist).
    public func makeAsyncIterator() -> Iterator {
        Iterator(tail: self)
    }

    /// Reads on from where it stopped; waits when caught up.
    public struct Iterator: AsyncIteratorProtocol {
        let tail: LogTail
        private var cursor: LogCursor?

        init(tail: LogTail) {
            self.tail = tail
        }

        /// The next record, waiting for it if need be; nil once the task is cancelled.
        public mutating func next() async throws -> LogRecord? {
            var pause = tail.pollInterval.lowerBound
            while !Task.isCancelled {
                // Nil until the writer has created the log.
                if cursor == nil { cursor = try LogCursor.ifPresent(directory: tail.directory, from: tail.start) }
                if let cursor, let record = try cursor.next() { return record }
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    return nil
                }
                pause = Swift.min(pause * 2, tail.pollInterval.upperBound)
            }
            return nil
        }
    }
}
