import Foundation

extension OrgStore {
    /// The records a search finds, per RETURNING object in order, as the search index sees them
    /// at `now`: a record written less than the index delay ago is matched on its older values,
    /// or not at all when it is new.
    func search(_ query: SOSLQuery, at now: Date) -> [(SOSLQuery.Returning, StoredRecord)] {
        var found: [(SOSLQuery.Returning, StoredRecord)] = []
        for spec in query.returning {
            let fields = SearchMatching.fields(of: spec.object, in: query.scope)
            var rows = records(of: spec.object).filter { record in
                guard !record.isDeleted, let indexed = record.searchIndex.visibleFields(at: now),
                    spec.condition?.matches(record.fields) ?? true
                else { return false }
                return query.expression.evaluate { term, isPhrase in
                    fields.contains {
                        SearchMatching.matches(term, isPhrase: isPhrase, value: indexed[$0.name], field: $0)
                    }
                }
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

    /// Phone fields match on digits alone, whatever the punctuation: "(415) 555-0101" and
    /// "+1 415 555 0101" are both found by `4155550101`. A North American number matches with or
    /// without its country code 1.
    static func phoneDigitsMatch(_ term: String, _ value: String) -> Bool {
        let termDigits = term.filter(\.isASCII).filter(\.isNumber)
        let valueDigits = value.filter(\.isASCII).filter(\.isNumber)
        guard termDigits.count >= 2, !valueDigits.isEmpty else { return false }
        if termDigits == valueDigits { return true }
        let (short, long) = termDigits.count < valueDigits.count ? (termDigits, valueDigits) : (valueDigits, termDigits)
        return short.count == 10 && long == "1" + short
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
