public import Logging
public import ServiceLifecycle
import UnixSignals

/// Re-reads the tokens file on every SIGHUP until the service group stops. A file that cannot be
/// used leaves the tokens in force, and says why.
public struct TokenReloadService: Service {
    let tokens: TokenStore
    let logger: Logger

    public init(tokens: TokenStore, logger: Logger) {
        self.tokens = tokens
        self.logger = logger
    }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            do {
                let count = try tokens.reload()
                logger.notice("tokens file re-read", metadata: ["file": "\(tokens.path)", "tokens": "\(count)"])
                for warning in tokens.warnings { logger.warning("\(warning)") }
            } catch {
                logger.error(
                    "tokens file not re-read; the tokens in force stay",
                    metadata: ["error": "\(error)"]
                )
            }
        }
    }
}
