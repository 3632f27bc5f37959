import Foundation

extension OrgStore {
    /// The records a search finds, per RETURNING object in order, as the search index sees them
    /// at `now`: a record written less than the index delay ago is matched on its older values,
    /// or not at all when it is new.
    func search(_ query: SOSLQuery, at now: Date) -> [(SOSLQuery.Returning, StoredRecord)] {
        var found: [(SOSLQuery.Returning, StoredRecord)] = []
        let phoneKeys = query.scope == .phone ? query.expression.phoneKeys : nil
        for spec in query.returning {
            let fields = SearchMatching.fields(of: spec.object, in: query.scope)
            let objectKey = spec.object.key
            var ids = idsByObject[objectKey] ?? []
            if let phoneKeys {
                // Only records holding one of the numbers can match: look them up, keep creation order.
                var candidates = Set<String>()
                for key in phoneKeys { candidates.formUnion(phoneIndex[objectKey]?[key] ?? []) }
                ids = candidates.sorted { creationOrder[$0, default: 0] < creationOrder[$1, default: 0] }
            }
            var rows: [StoredRecord] = []
            for id in ids {
                guard let record = records[id], !record.isDeleted,
                    let indexed = record.searchIndex.visibleFields(at: now),
                    spec.condition?.matches(record.fields) ?? true
                else { continue }
                let matched = query.expression.evaluate { term, isPhrase in
                    fields.contains {
                        SearchMatching.matches(term, isPhrase: isPhrase, value: indexed[$0.name], field: $0)
                    }
                }
                if matched { rows.append(record) }
            }
            if !spec.order.isEmpty {
                rows.sort { RecordOrdering.precedes($0.fields, $1.fields, by: spec.order) }
            }
            for record in rows.prefix(spec.limit ?? Int.max) {
                guard found.count < query.limit else { return found }
                found.append((spec, record))
            }
        }
        return found
    }
}

extension SearchExpression {
    /// The digit keys of every term, when each is a plain number a phone index can answer
    /// (no wildcards); `nil` otherwise.
    var phoneKeys: [String]? {
        switch self {
        case .term(let text, _):
            let key = PhoneDigits.key(text)
            return text.contains(where: { $0 == "*" || $0 == "?" }) || key.utf8.count < 2 ? nil : [key]
        case .and(let left, let right), .or(let left, let right), .andNot(let left, let right):
            guard let leftKeys = left.phoneKeys, let rightKeys = right.phoneKeys else { return nil }
            return leftKeys + rightKeys
        }
    }
}

/// How a search term matches a field value.
enum SearchMatching {
    /// The fields a scope searches.
    static func fields(of object: ObjectSchema, in scope: SOSLQuery.Scope) -> [FieldSchema] {
        switch scope {
        case .phone: object.phoneFields
        case .email: object.fields.filter { $0.type == .email }
        case .name: object.nameFields
        case .all:
            object.fields.filter { [.string, .textarea, .phone, .email, .url, .picklist].contains($0.type) }
        }
    }

    static func matches(_ term: String, isPhrase: Bool, value: JSON?, field: FieldSchema) -> Bool {
        guard case .string(let text) = value else { return false }
        if field.type == .phone { return phoneDigitsMatch(term, text) }
        let lowered = text.lowercased()
        let needle = term.lowercased()
        if isPhrase { return lowered.contains(needle) }
        let words =
            [lowered] + lowered.split(whereSeparator: \.isWhitespace).map(String.init)
            + lowered.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return words.contains { wildcardMatch(Array(needle)[...], Array($0)[...]) }
    }

    /// Phone fields match on digits alone, whatever the punctuation (see `PhoneDigits`).
    static func phoneDigitsMatch(_ term: String, _ value: String) -> Bool {
        let key = PhoneDigits.key(term)
        return key.utf8.count >= 2 && key == PhoneDigits.key(value)
    }

    private static func wildcardMatch(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            var rest = text
            while true {
                if wildcardMatch(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case "?":
            return !text.isEmpty && wildcardMatch(pattern.dropFirst(), text.dropFirst())
        default:
            return text.first == first && wildcardMatch(pattern.dropFirst(), text.dropFirst())
        }
    }
}
