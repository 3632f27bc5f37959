import Access
import CoreMetrics
import Foundation
import Hummingbird
import Ingest
import Logging
import NIOCore
import NIOPosix
import SyncModel

/// `POST /v1/events`: checks the token, reads the body within the limit, checks every event
/// against the token's accounts and roles, validates them with `append`'s rules and appends them
/// all or none in the token's name, answering only once they are durable.
///
/// A body holds no request slot while it arrives: slots bound the work on the writer, and a
/// client sending slowly must not take one from the others (the listener cuts it off after its
/// read timeout). Bodies in memory are bounded by `budget` instead.
struct EventsEndpoint: Sendable {
    /// The contract's body limit: 16 MiB.
    static let maxBodyBytes = 16 << 20
    /// The most errors one 403 or 422 lists; the rest are counted.
    static let maxListedErrors = 1000

    let ingest: any EventSink
    /// Validation and the blocking append run here, off Swift's cooperative threads.
    let pool: NIOThreadPool
    let gate: RequestGate
    let budget: BodyBudget
    let metrics: IngestMetrics
    let logger: Logger

    /// The kinds of body the endpoint reads.
    enum BodyFormat: Sendable {
        case lines
        case array
    }

    func handle(_ request: Request, context: AccessRequestContext) async -> Response {
        let started = ContinuousClock.now
        let response = await answer(request, context: context)
        metrics.answered(Int(response.status.code))
        metrics.duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        return response
    }

    /// The route's middleware (`TokenRequired`, then a `RolePolicy` of `ingest`) lets only a
    /// grant with the role through; its accounts and the types its roles allow are checked per
    /// line, in `ingest`, because only the body says which accounts and types a request touches.
    private func answer(_ request: Request, context: AccessRequestContext) async -> Response {
        let id = context.id
        guard let grant = context.identity, grant.roles.contains(.ingest) else {
            return .error(.forbidden, "the token may post no events", requestID: id)
        }
        guard let format = Self.format(request.headers[.contentType]) else {
            return .error(
                .unsupportedMediaType,
                "Content-Type must be application/x-ndjson (JSON lines) or application/json (an array of events), not \(request.headers[.contentType] ?? "none")",
                requestID: id
            )
        }
        let length = request.headers[.contentLength].flatMap(Int.init)
        if let length, length > Self.maxBodyBytes { return Self.tooLarge(id) }
        let body: [UInt8]
        switch await read(request.body, expected: length) {
        case .complete(let bytes): body = bytes
        case .tooLarge: return Self.tooLarge(id)
        case .overBudget:
            return .busy("request bodies of \(budget.limit >> 20) MiB are in memory; try again shortly", requestID: id)
        case .cutOff: return .error(.requestTimeout, "the body did not arrive whole", requestID: id)
        }
        defer { budget.give(body.count) }
        guard gate.enter() else {
            return .busy("\(gate.limit) requests are being worked on; try again shortly", requestID: id)
        }
        defer { gate.leave() }
        do {
            return try await pool.runIfActive { [ingest, metrics, logger] in
                Self.ingest(
                    body,
                    format: format,
                    grant: grant,
                    into: ingest,
                    metrics: metrics,
                    logger: logger,
                    requestID: id
                )
            }
        } catch {
            return .busy("the service is stopping", requestID: id)
        }
    }

    /// Checks scope, validates and appends, on a thread of the pool: blocks until durable.
    private static func ingest(
        _ body: [UInt8],
        format: BodyFormat,
        grant: Grant,
        into ingest: any EventSink,
        metrics: IngestMetrics,
        logger: Logger,
        requestID: String
    ) -> Response {
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
            return .error(.badRequest, error.reason, requestID: requestID)
        } catch {
            return .error(.badRequest, "the body could not be read as events", requestID: requestID)
        }
        // Scope before validity: a request reaching outside the token's accounts or roles is
        // refused as such, whatever else is wrong with it. The raw lines are read again only
        // when something is refused, to name the lines.
        if !validated.problems.isEmpty || !PostingScope.allows(validated.events, by: grant) {
            let refusals = body.withUnsafeBytes { PostingScope.refusals(in: $0, format: format, grant: grant) }
            if !refusals.isEmpty {
                logger.notice(
                    "refused a post reaching outside its token's scope",
                    metadata: ["token": "\(grant.name)", "refused": "\(refusals.count)", "request_id": "\(requestID)"]
                )
                return forbidden(refusals, requestID: requestID)
            }
        }
        guard validated.problems.isEmpty else {
            metrics.invalid.increment(by: Int64(validated.problems.count))
            return listing(.unprocessableContent, validated.problems, requestID: requestID)
        }
        guard !validated.events.isEmpty else {
            return .error(.badRequest, "the body holds no events", requestID: requestID)
        }
        do {
            let receipt = try ingest.append(validated.events, appendedBy: grant.name)
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
            return .busy(refusal.description, requestID: requestID)
        } catch {
            // The cause goes to the log under the request id, never to the client.
            logger.error(
                "events could not be appended",
                metadata: ["error": "\(error)", "request_id": "\(requestID)"]
            )
            return .error(
                .internalServerError,
                "the events could not be appended (nothing was); the service's log says why under request id \(requestID)",
                requestID: requestID
            )
        }
    }

    /// 403 naming every line (or element) outside the token's accounts or roles.
    private static func forbidden(_ refusals: [IngestError], requestID: String) -> Response {
        listing(.forbidden, refusals, requestID: requestID)
    }

    /// `status` with `{"errors": [...]}` naming each refused line (or array element) with its
    /// field and reason.
    private static func listing(_ status: HTTPResponse.Status, _ problems: [IngestError], requestID: String) -> Response
    {
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
        members.append(JSONMember("request_id", .string(requestID)))
        return .json(status, .object(members))
    }

    private static func tooLarge(_ requestID: String) -> Response {
        .error(
            .contentTooLarge,
            "the body is over the limit of 16 MiB (16777216 bytes); send fewer events per request",
            requestID: requestID
        )
    }

    /// How reading a body ended.
    enum BodyRead {
        case complete([UInt8])
        /// It grew past the limit; the rest is not read.
        case tooLarge
        /// The bodies in memory would pass the budget.
        case overBudget
        /// The connection ended (or was cut off) before the body did.
        case cutOff
    }

    /// The body, taking its bytes from the budget as they arrive (the caller gives them back).
    private func read(_ body: RequestBody, expected: Int?) async -> BodyRead {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected ?? 64 << 10, Self.maxBodyBytes))
        do {
            for try await chunk in body {
                guard bytes.count + chunk.readableBytes <= Self.maxBodyBytes else {
                    budget.give(bytes.count)
                    return .tooLarge
                }
                guard budget.take(chunk.readableBytes) else {
                    budget.give(bytes.count)
                    return .overBudget
                }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            budget.give(bytes.count)
            return .cutOff
        }
        return .complete(bytes)
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
