public import Foundation
public import SalesforceEmulator

/// The emulator's admin endpoints (`/__emulator/...`), asked in this process: what a benchmark
/// sets up between runs and counts afterwards.
extension SalesforceEmulator {
    /// The JSON object that `method path` answers with `body`; empty when it answers none.
    @discardableResult
    public func admin(_ method: String, _ path: String, _ body: String = "") async -> [String: Any] {
        let response = await respond(
            to: APIRequest(
                method: method,
                target: path,
                headers: ["Content-Type": "application/json"],
                body: Data(body.utf8)
            )
        )
        return (response.body.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]) ?? [:]
    }

    /// Back to the fixture's records, without faults.
    public func resetRecordsAndFaults() async {
        await admin("POST", "/__emulator/reset")
        await admin("DELETE", "/__emulator/faults")
    }

    /// Adds `milliseconds` to every API call.
    public func addLatency(milliseconds: Int) async {
        await admin(
            "POST",
            "/__emulator/faults",
            #"{"latency_ms": {"min": \#(milliseconds), "max": \#(milliseconds)}}"#
        )
    }

    /// `GET /__emulator/stats`.
    public func stats() async -> [String: Any] { await admin("GET", "/__emulator/stats") }
}
