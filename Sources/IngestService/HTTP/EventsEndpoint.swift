import CoreMetrics
import Foundation
import Hummingbird
import Ingest
import Logging
import NIOCore
import NIOPosix
import SyncModel

/// `POST /v1/events`: authenticates, reads the body within the limit, validates every event with
/// `append`'s rules and appends them all or none, answering only once they are durable.
struct EventsEndpoint: Sendable {
    /// The contract's body limit: 16 MiB.
    static let maxBodyBytes = 16 << 20
    /// The most errors one 422 lists; the rest are counted.
    static let maxListedErrors = 1000

    let ingest: any EventSink
    let tokens: TokenStore
    /// Validation and the blocking append run here, off Swift's cooperative threads.
    let pool: NIOThreadPool
    let gate: RequestGate
    let metrics: IngestMetrics
    let logger: Logger

    /// The kinds of body the endpoint reads.
    enum BodyFormat {
        case lines
        case array
    }

    func handle(_ request: Request, context: IngestRequestContext) async -> Response {
        let started = ContinuousClock.now
        let response = await answer(request, context: context)
        metrics.answered(Int(response.status.code))
        metrics.duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        return response
    }

    private func answer(_ request: Request, context: IngestRequestContext) async -> Response {
        guard let token = bearerToken(request.headers[.authorization]), tokens.accepts(token) else {
            logger.notice("refused a request without a known token", metadata: ["path": "\(request.uri.path)"])
            return .error(
                .unauthorized,
                "a known token is required: Authorization: Bearer TOKEN",
                headers: [.wwwAuthenticate: "Bearer"]
            )
        }
        guard let format = Self.format(request.headers[.contentType]) else {
            return .error(
                .unsupportedMediaType,
                "Content-Type must be application/x-ndjson (JSON lines) or application/json (an array of events), not \(request.headers[.contentType] ?? "none")"
            )
        }
        let length = request.headers[.contentLength].flatMap(Int.init)
        if let length, length > Self.maxBodyBytes { return Self.tooLarge }
        guard gate.enter() else {
            return .busy("\(gate.limit) requests are being worked on; try again shortly")
        }
        defer { gate.leave() }
        guard let body = await Self.read(request.body, expected: length)
        else { return Self.tooLarge }
        do {
            return try await pool.runIfActive { [ingest, metrics] in
                Self.ingest(body, format: format, into: ingest, metrics: metrics)
            }
        } catch {
            return .busy("the service is stopping")
        }
    }

    /// Validates and appends, on a thread of the pool: blocks until durable.
    private static func ingest(
        _ body: [UInt8],
        format: BodyFormat,
        into ingest: any EventSink,
        metrics: IngestMetrics
    )
        -> Response
    {
        let countries = ingest.countries
        var validator = IngestValidator { countries[$0] ?? .unitedStates }
        let validated: ValidatedEvents
        do {
            validated = try body.withUnsafeBytes { buffer throws(JSONBodyError) in
                switch format {
                case .lines: return validator.validate(lines: buffer)
                case .array: return try validator.validate(array: buffer)
                }
            }
        } catch let error as JSONBodyError {
            return .error(.badRequest, error.reason)
        } catch {
            return .error(.badRequest, "\(error)")
        }
        guard validated.problems.isEmpty else {
            metrics.invalid.increment(by: Int64(validated.problems.count))
            return invalid(validated.problems)
        }
        guard !validated.events.isEmpty else { return .error(.badRequest, "the body holds no events") }
        do {
            let receipt = try ingest.append(validated.events)
            metrics.appended.increment(by: Int64(receipt.appendedCount))
            metrics.duplicates.increment(by: Int64(receipt.duplicates))
            let range = receipt.appended
            return .json(
                .ok,
                .object([
                    JSONMember("appended", .integer(Int64(receipt.appendedCount))),
                    JSONMember("duplicates", .integer(Int64(receipt.duplicates))),
                    JSONMember("first_offset", range.isEmpty ? .null : .integer(Int64(range.lowerBound))),
                    JSONMember("last_offset", range.isEmpty ? .null : .integer(Int64(range.upperBound - 1))),
                ])
            )
        } catch let refusal as IngestRefusal {
            return .busy(refusal.description)
        } catch {
            return .error(.internalServerError, "the events could not be appended (nothing was): \(error)")
        }
    }

    /// 422 naming every refused line (or array element) with its field and reason.
    private static func invalid(_ problems: [IngestError]) -> Response {
        var members = [
            JSONMember(
                "errors",
                .array(
                    problems.prefix(maxListedErrors).map { problem in
                        .object([
                            JSONMember("line", .integer(Int64(problem.line))),
                            JSONMember("field", problem.field.map { .string($0) } ?? .null),
                            JSONMember("reason", .string(problem.reason)),
                        ])
                    }
                )
            )
        ]
        if problems.count > maxListedErrors {
            members.append(JSONMember("more_errors", .integer(Int64(problems.count - maxListedErrors))))
        }
        return .json(.unprocessableContent, .object(members))
    }

    private static let tooLarge = Response.error(
        .contentTooLarge,
        "the body is over the limit of 16 MiB (16777216 bytes); send fewer events per request"
    )

    /// The body, or nil once it grows past the limit (the rest is not read).
    private static func read(_ body: RequestBody, expected: Int?) async -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected ?? 64 << 10, maxBodyBytes))
        do {
            for try await chunk in body {
                guard bytes.count + chunk.readableBytes <= maxBodyBytes else { return nil }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            return nil
        }
        return bytes
    }

    /// The body format a `Content-Type` names, parameters (`; charset=utf-8`) aside.
    static func format(_ header: String?) -> BodyFormat? {
        guard let header else { return nil }
        let media = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        switch media {
        case "application/x-ndjson", "application/jsonl", "application/jsonlines": return .lines
        case "application/json": return .array
        default: return nil
        }
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
