import BenchmarkSupport
import Foundation
import SalesforceEmulator

/// The standard org's second user editing records, in this process: collection updates of up to
/// 200 records a call, as a person's mass edit (or an import tool) would send them.
struct PersonAtTheOrg {
    let emulator: SalesforceEmulator
    let token: String

    init(_ emulator: SalesforceEmulator) async throws {
        self.emulator = emulator
        let response = await emulator.respond(
            to: APIRequest(
                method: "POST",
                target: "/services/oauth2/token",
                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Data(
                    "grant_type=refresh_token&client_id=avosync-demo&client_secret=demo-secret&refresh_token=admin-refresh-token"
                        .utf8
                )
            )
        )
        let answer = response.body.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]
        guard let token = answer?["access_token"] as? String else { throw BenchmarkError("the person cannot sign in") }
        self.token = token
    }

    /// Sets `Email` on each Lead to a value that says which round changed it.
    func editEmails(of ids: [String], round: Int) async throws {
        for start in stride(from: 0, to: ids.count, by: 200) {
            let records = ids[start..<min(ids.count, start + 200)].map { id in
                ["attributes": ["type": "Lead"], "Id": id, "Email": "round\(round).\(id.suffix(6))@person.example"]
            }
            let body = try JSONSerialization.data(withJSONObject: ["allOrNone": true, "records": records])
            let response = await emulator.respond(
                to: APIRequest(
                    method: "PATCH",
                    target: "/services/data/v59.0/composite/sobjects",
                    headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                    body: body
                )
            )
            guard response.status == 200 else {
                throw BenchmarkError("the person's edit was refused: \(response.status)")
            }
        }
    }
}
