import Algorithms
import SalesforceClient

/// Lets the batches of accounts that share one Salesforce session (same org, connected app and
/// user) share calls: queries and collection writes that arrive together go out in common
/// composite requests, with collections of the same kind merged, and phone searches with the same
/// `RETURNING` clause go out as common SOSL searches.
///
/// A request waits for others only while another lane on the session is working (a lone
/// account's requests leave at once), and then for a tenth of the session's recent round trip, at
/// most `longestWait` (the longest until a round trip is measured): little against the time a call
/// takes, and enough for lanes that started together to meet. Without `longestWait`, nothing is
/// shared. Each caller gets its own answers back, exactly as if it had sent them alone (its own
/// slice of a merged collection's results); an error that fails a shared call fails every request
/// in it, and each lane retries its batch, as it would after a failure of its own call.
actor RequestCoalescer {
    private struct Submission {
        var account: String
        var requests: [SharedRequest]
        var answered: CheckedContinuation<[CompositeSubresponse], any Error>
    }

    private struct Search {
        var account: String
        var terms: [String]
        var answered: CheckedContinuation<[SalesforceRecord], any Error>
    }

    let client: SalesforceClient
    let longestWait: Duration?
    /// Phone numbers in one search, as lanes alone search them: the request line must stay under 16 KB.
    let termsPerSearch: Int
    private var working = 0
    private var submissions: [Submission] = []
    /// Searches waiting, by their search without terms (scope, `RETURNING` clause, limit).
    private var searches: [SOSLSearch: [Search]] = [:]
    private var flushPending = false
    /// How long the session's calls have taken lately (a moving average).
    private var roundTrip: Duration?

    init(client: SalesforceClient, longestWait: Duration?, termsPerSearch: Int) {
        self.client = client
        self.longestWait = longestWait
        self.termsPerSearch = termsPerSearch
    }

    /// How long requests wait for others now.
    var wait: Duration? {
        guard let longestWait else { return nil }
        guard let roundTrip else { return longestWait }
        return max(.milliseconds(1), min(longestWait, roundTrip / 10))
    }

    /// A lane starts a batch on this session.
    func begin() { working += 1 }

    /// A lane ends its batch.
    func end() { working -= 1 }

    /// Sends `requests` for `account`; returns their answers in order, as composite subresponses.
    func send(_ requests: [SharedRequest], for account: String) async throws -> [CompositeSubresponse] {
        guard !requests.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { answered in
            submissions.append(Submission(account: account, requests: requests, answered: answered))
            scheduleFlush()
        }
    }

    /// Searches phone fields for `terms`; returns the records of every search that held one of them.
    func search(_ terms: [String], like search: SOSLSearch, for account: String) async throws -> [SalesforceRecord] {
        guard !terms.isEmpty else { return [] }
        var kind = search
        kind.terms = []
        return try await withCheckedThrowingContinuation { answered in
            searches[kind, default: []].append(Search(account: account, terms: terms, answered: answered))
            scheduleFlush()
        }
    }

    private func scheduleFlush() {
        guard let wait, working > 1 else { return flush() }
        guard !flushPending else { return }
        flushPending = true
        Task {
            try? await Task.sleep(for: wait)
            flush()
        }
    }

    private func flush() {
        flushPending = false
        // Not sharing calls: each request goes out on its own.
        let shares = longestWait != nil
        let groups = shares ? (submissions.isEmpty ? [] : [submissions]) : submissions.map { [$0] }
        for group in groups {
            Task { noteRoundTrip(await Self.send(group, client: client)) }
        }
        submissions = []
        for (kind, waiting) in searches {
            for group in shares ? [waiting] : waiting.map({ [$0] }) {
                Task {
                    noteRoundTrip(await Self.search(group, like: kind, termsPerSearch: termsPerSearch, client: client))
                }
            }
        }
        searches = [:]
    }

    private func noteRoundTrip(_ took: Duration?) {
        guard let took else { return }
        roundTrip = roundTrip.map { $0 * 0.8 + took * 0.2 } ?? took
    }

    // MARK: Sending

    /// Sends the submissions' requests in as few calls as they fit; returns how long a call took.
    private static func send(_ submissions: [Submission], client: SalesforceClient) async -> Duration? {
        let started = ContinuousClock.now
        let packing = RequestPacking(submissions.map(\.requests))
        var answers: [[CompositeSubresponse?]] = submissions.map { Array(repeating: nil, count: $0.requests.count) }
        var failures: [Int: any Error] = [:]
        await withTaskGroup(of: (units: [Int], result: Result<[CompositeSubresponse], any Error>).self) { calls in
            for units in packing.calls {
                let accounts = Array(
                    Set(units.flatMap { packing.units[$0].parts.map { submissions[$0.submission].account } })
                )
                calls.addTask {
                    let result = await Result(awaiting: {
                        try await RequestAttribution.$accounts.withValue(accounts.sorted()) {
                            try await call(units, of: packing, client: client)
                        }
                    })
                    return (units, result)
                }
            }
            for await (units, result) in calls {
                switch result {
                case .success(let responses):
                    for (unit, response) in zip(units, responses) {
                        for part in packing.units[unit].parts {
                            answers[part.submission][part.request] = RequestPacking.share(of: response, for: part)
                        }
                    }
                case .failure(let error):
                    for unit in units { for part in packing.units[unit].parts { failures[part.submission] = error } }
                }
            }
        }
        for (index, submission) in submissions.enumerated() {
            if let error = failures[index] {
                submission.answered.resume(throwing: error)
            } else {
                submission.answered.resume(returning: answers[index].map { $0 ?? missingAnswer })
            }
        }
        // The calls went out together: the slowest tells the round trip.
        return failures.isEmpty ? ContinuousClock.now - started : nil
    }

    /// One call for `units`: the request itself when alone, else a composite request.
    private static func call(
        _ units: [Int],
        of packing: RequestPacking,
        client: SalesforceClient
    ) async throws -> [CompositeSubresponse] {
        guard units.count == 1, let unit = units.first else {
            return try await client.composite(units.map(packing.subrequest))
        }
        let subrequest = packing.subrequest(unit)
        do {
            let body = try await client.call(
                subrequest.method,
                subrequest.path,
                body: subrequest.body,
                idempotent: packing.units[unit].isIdempotent
            )
            return [CompositeSubresponse(referenceID: subrequest.referenceID, status: 200, body: body)]
        } catch SalesforceError.api(let status, let errors, _) {
            return [CompositeSubresponse(referenceID: subrequest.referenceID, status: status, errors: errors)]
        }
    }

    private static let missingAnswer = CompositeSubresponse(
        referenceID: "",
        status: 500,
        errors: [SalesforceErrorItem(errorCode: "UNKNOWN_EXCEPTION", message: "the composite request lost this answer")]
    )

    // MARK: Searching

    /// Searches for the waiting searches' terms in as few calls as they fit; returns how long a
    /// call took.
    private static func search(
        _ waiting: [Search],
        like kind: SOSLSearch,
        termsPerSearch: Int,
        client: SalesforceClient
    ) async -> Duration? {
        let started = ContinuousClock.now
        var terms: [String] = []
        var seen: Set<String> = []
        for search in waiting { for term in search.terms where seen.insert(term).inserted { terms.append(term) } }
        let chunks = terms.chunks(ofCount: termsPerSearch).map(Array.init)
        var found: [Result<[SalesforceRecord], any Error>] = Array(repeating: .success([]), count: chunks.count)
        await withTaskGroup(of: (Int, Result<[SalesforceRecord], any Error>).self) { calls in
            for (index, chunk) in chunks.enumerated() {
                var search = kind
                search.terms = chunk
                let accounts = Set(waiting.filter { !Set($0.terms).isDisjoint(with: chunk) }.map(\.account)).sorted()
                calls.addTask {
                    let result = await Result(awaiting: {
                        try await RequestAttribution.$accounts.withValue(accounts) { try await client.search(search) }
                    })
                    return (index, result)
                }
            }
            for await (index, result) in calls { found[index] = result }
        }
        for search in waiting {
            let mine = Set(search.terms)
            var records: [SalesforceRecord] = []
            var ids: Set<String> = []
            var failure: (any Error)?
            for (index, chunk) in chunks.enumerated() where !mine.isDisjoint(with: chunk) {
                switch found[index] {
                case .success(let list): records += list.filter { $0.id.map { ids.insert($0).inserted } ?? true }
                case .failure(let error): failure = error
                }
            }
            if let failure {
                search.answered.resume(throwing: failure)
            } else {
                search.answered.resume(returning: records)
            }
        }
        return found.allSatisfy({ (try? $0.get()) != nil }) ? ContinuousClock.now - started : nil
    }
}
