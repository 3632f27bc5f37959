/// Why one ingest line was refused: its line number, the field at fault (a dotted path such as
/// `fields.phone`) when one is, and the reason.
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number in its input.
    public var line: Int
    /// The field at fault, as a dotted path; nil for a problem with the whole line.
    public var field: String?
    /// What is wrong, for a person.
    public var reason: String

    public init(line: Int, field: String?, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `line 12: fields.phone: has 7 digits for US; at least 10 are needed`.
    public var description: String {
        "line \(line): " + (field.map { "\($0): " } ?? "") + reason
    }
}

/// A field-level problem, before the line number is known.
struct FieldProblem: Error {
    var field: String?
    var reason: String

    init(_ field: String?, _ reason: String) {
        self.field = field
        self.reason = reason
    }
}
