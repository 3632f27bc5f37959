import Foundation
import Synchronization

/// The dashboard's signed-in browsers: a random session id, given as a cookie, for each token
/// that signed in. A session lasts `lifetime`, and ends at once when its token is no longer one
/// of the service's (taken out of the tokens file and the file re-read).
///
/// Only the token's digest is kept, never the token. Sessions live in memory: a restart signs
/// everybody out, which for a read-only page is the safe side.
final class SessionStore: Sendable {
    private struct Session {
        var tokenDigest: [UInt8]
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    private let sessions = Mutex<[String: Session]>([:])
    /// At most this many sessions; the one nearest its end makes room for a new one.
    private let limit = 10_000

    init(lifetime: Duration = .seconds(12 * 3600)) {
        self.lifetime = lifetime
    }

    /// Opens a session for the token whose digest is `tokenDigest`; returns its id.
    func open(tokenDigest: [UInt8]) -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        let now = ContinuousClock.now
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            if sessions.count >= limit, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                sessions[oldest.key] = nil
            }
            sessions[id] = Session(tokenDigest: tokenDigest, expires: now + lifetime)
        }
        return id
    }

    /// The token digest of session `id`, if it is open and not past its end.
    func tokenDigest(of id: Substring) -> [UInt8]? {
        let now = ContinuousClock.now
        return sessions.withLock { sessions in
            guard let session = sessions[String(id)] else { return nil }
            guard session.expires > now else {
                sessions[String(id)] = nil
                return nil
            }
            return session.tokenDigest
        }
    }

    /// Ends session `id`.
    func close(_ id: Substring) {
        _ = sessions.withLock { $0.removeValue(forKey: String(id)) }
    }
}
