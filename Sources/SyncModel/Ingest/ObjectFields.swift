/// Reads the members of one JSON object by name, with typed accessors that name the field when
/// they refuse, and a final check that no unknown member was left unread.
struct ObjectFields {
    private let members: [JSONMember]
    private let path: String
    /// Bit i: member i was read. Members past the 64th are never known fields (no object of the
    /// contract has that many), so they always count as unread.
    private var read: UInt64 = 0

    init(_ value: JSONValue, path: String) throws(FieldProblem) {
        guard case .object(let members) = value else {
            throw FieldProblem(path.isEmpty ? nil : path, "must be a JSON object, not \(value.typeName)")
        }
        self.members = members
        self.path = path
    }

    var keys: [String] { members.map(\.key) }

    func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    mutating func value(_ key: String) -> JSONValue? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        if index < 64 { read |= 1 << UInt64(index) }
        return members[index].value
    }

    mutating func required(_ key: String) throws(FieldProblem) -> JSONValue {
        guard let value = value(key) else { throw FieldProblem(name(key), "is required") }
        return value
    }

    mutating func string(_ key: String) throws(FieldProblem) -> String {
        let value = try required(key)
        guard case .string(let text) = value else {
            throw FieldProblem(name(key), "must be a string, not \(value.typeName)")
        }
        return text
    }

    /// A string that may be absent; `null` counts as absent.
    mutating func optionalString(_ key: String) throws(FieldProblem) -> String? {
        switch value(key) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw FieldProblem(name(key), "must be a string, not \(other.typeName)")
        }
    }

    mutating func identifier(_ key: String) throws(FieldProblem) -> String {
        let text = try string(key)
        if let problem = NameRules.identifierProblem(text) { throw FieldProblem(name(key), problem) }
        return text
    }

    mutating func optionalIdentifier(_ key: String) throws(FieldProblem) -> String? {
        guard let text = try optionalString(key) else { return nil }
        if let problem = NameRules.identifierProblem(text) { throw FieldProblem(name(key), problem) }
        return text
    }

    mutating func boolean(_ key: String) throws(FieldProblem) -> Bool {
        let value = try required(key)
        guard case .bool(let flag) = value else {
            throw FieldProblem(name(key), "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    mutating func direction(_ key: String) throws(FieldProblem) -> Direction {
        let text = try string(key)
        guard let direction = Direction(rawValue: text) else {
            throw FieldProblem(name(key), "must be \"inbound\" or \"outbound\", not \"\(text)\"")
        }
        return direction
    }

    func phone(_ text: String, key: String, country: CountryCode) throws(FieldProblem) -> PhoneNumber {
        switch PhoneNumber.parse(text, defaultCountry: country) {
        case .success(let number): return number
        case .failure(let error): throw FieldProblem(name(key), "\"\(text)\" is not a valid phone number: \(error)")
        }
    }

    /// Refuses members nobody read: an unknown field is a mistake, and dropping it would lose data.
    func rejectUnknown(context: String) throws(FieldProblem) {
        if let unknown = members.indices.first(where: { $0 >= 64 || read & (1 << UInt64($0)) == 0 }).map({ members[$0] }
        ) {
            throw FieldProblem(name(unknown.key), "is not a field of \(context)")
        }
    }
}
