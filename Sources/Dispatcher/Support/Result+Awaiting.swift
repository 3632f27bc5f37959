extension Result where Failure == any Error {
    /// The outcome of an async throwing body, run on the caller's actor.
    init(isolation: isolated (any Actor)? = #isolation, awaiting body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
