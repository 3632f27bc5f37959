import Foundation

extension EmulatorState {
    /// `GET sobjects/{Object}/updated/?start=..&end=..` and `.../deleted/?start=..&end=..`:
    /// Salesforce's replication resources. They answer ids only (with the deletion time for
    /// deleted records), judge changes by SystemModstamp, ignore the seconds of start and end,
    /// reach back 30 days (updated) or 15 days (deleted), and refuse a window of a minute or less.
    mutating func replication(
        _ object: ObjectSchema,
        deleted: Bool,
        _ request: DataRequest
    ) throws(APIFailure) -> APIResult {
        guard let startText = request.query["start"], let endText = request.query["end"] else {
            throw APIFailure.badRequest(
                RecordError("MISSING_ARGUMENT", "start and end are required (date-times in UTC)")
            )
        }
        guard let exactStart = SalesforceTime.parseDateTime(startText),
            let exactEnd = SalesforceTime.parseDateTime(endText)
        else {
            throw APIFailure.badRequest(
                RecordError(
                    "INVALID_QUERY_FILTER_OPERATOR",
                    "start and end must be date-times such as 2026-11-28T09:00:00+00:00"
                )
            )
        }
        let start = Self.wholeMinute(exactStart)
        let end = Self.wholeMinute(exactEnd)
        let reach: TimeInterval = (deleted ? 15 : 30) * 86_400
        let earliest = request.now.addingTimeInterval(-reach)
        guard exactEnd.timeIntervalSince(exactStart) > 60 else {
            throw APIFailure.badRequest(
                RecordError(
                    "INVALID_REPLICATION_DATE",
                    "startDate must chronologically precede endDate by more than one minute"
                )
            )
        }
        guard start >= earliest else {
            throw APIFailure.badRequest(
                RecordError(
                    "INVALID_REPLICATION_DATE",
                    "startDate cannot be more than \(deleted ? 15 : 30) days ago"
                )
            )
        }
        // Covered up to `end`, or up to now when `end` is still to come.
        let covered = min(end, request.now)
        var ids: [(id: String, at: Date)] = []
        for record in store.records(of: object) where record.isDeleted == deleted {
            guard case .string(let stampText) = record.value(of: "SystemModstamp"),
                let stamp = SalesforceTime.parseDateTime(stampText), stamp >= start, stamp < end
            else { continue }
            ids.append((record.id, stamp))
        }
        ids.sort { ($0.at, $0.id) < ($1.at, $1.id) }
        let coveredText = JSON.string(SalesforceTime.format(covered))
        guard deleted else {
            return APIResult(200, ["ids": .array(ids.map { .string($0.id) }), "latestDateCovered": coveredText])
        }
        return APIResult(
            200,
            [
                "deletedRecords": .array(
                    ids.map { ["id": .string($0.id), "deletedDate": .string(SalesforceTime.format($0.at))] }
                ),
                "earliestDateAvailable": .string(SalesforceTime.format(earliest)),
                "latestDateCovered": coveredText,
            ]
        )
    }

    private static func wholeMinute(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }
}
