import Foundation

extension LogWriter {
    /// Opens the log for writing, waiting up to `patience` for another writer to let go (the
    /// dispatcher appends what it brings back from Salesforce for a moment now and then; an
    /// `append` meanwhile waits for it rather than failing). Other errors throw at once.
    public static func waitingForLock(
        directory: String,
        patience: Duration = .seconds(10),
        configuration: LogConfiguration = LogConfiguration()
    ) throws -> LogWriter {
        let deadline = ContinuousClock.now + patience
        while true {
            do {
                return try LogWriter(directory: directory, configuration: configuration)
            } catch let error as LogError where error.code == .locked && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }
}
