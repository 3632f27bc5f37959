/// Who appended events, as the audit trail names them (`log --json`'s `appended_by`): a token's
/// name for events posted to the service, or one of these.
public enum Appender {
    /// Commands an operator runs: `append`, `connect`, `fields --import`, the demo.
    public static let commandLine = "cli"
    /// avosync itself: changes brought back from Salesforce, and other sources it reads.
    public static let avosync = "avosync"
    /// A bare token of a tokens file written before tokens had names.
    public static let legacyToken = "token"
}
