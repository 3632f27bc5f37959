extension OutcomeKind {
    /// The name auditors see in `log --sync` (`sync.linked`, `sync.task_written`, ...).
    public var typeName: String {
        switch self {
        case .linked: "sync.linked"
        case .fieldsWritten: "sync.fields_written"
        case .taskWritten: "sync.task_written"
        case .parked: "sync.parked"
        case .deadLettered: "sync.dead_lettered"
        case .redriven: "sync.redriven"
        case .blocked: "sync.blocked"
        case .unblocked: "sync.unblocked"
        case .paused: "sync.paused"
        case .failing: "sync.failing"
        case .checkpoint: "sync.checkpoint"
        case .unlinked: "sync.unlinked"
        case .salesforceValues: "sync.salesforce_values"
        case .captured: "sync.captured"
        }
    }

    /// Every outcome type name, for `log --type`.
    public static let allTypeNames = [
        "sync.linked", "sync.fields_written", "sync.task_written", "sync.parked", "sync.dead_lettered",
        "sync.redriven", "sync.blocked", "sync.unblocked", "sync.paused", "sync.failing", "sync.checkpoint",
        "sync.unlinked", "sync.salesforce_values", "sync.captured",
    ]
}
