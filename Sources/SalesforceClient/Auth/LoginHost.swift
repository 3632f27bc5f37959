public import Foundation

/// Which kind of org to sign in to (production or sandbox); each has its own login host.
public enum LoginHost: String, Sendable, CaseIterable {
    case production
    case sandbox

    /// Salesforce's login host for this kind of org.
    public var loginURL: URL {
        switch self {
        case .production: URL(string: "https://login.salesforce.com")!
        case .sandbox: URL(string: "https://test.salesforce.com")!
        }
    }
}

/// The rule for where credentials and tokens may be sent: HTTPS, or plain HTTP on this machine only.
public enum EndpointSecurity {
    /// `text` as a URL, if it is HTTPS, or HTTP to a loopback host; else `.insecureURL` saying why.
    public static func checkedURL(_ text: String, role: String) throws(SalesforceError) -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty, let url = components.url
        else {
            throw .insecureURL("\(role) \(text) is not an absolute URL")
        }
        if components.user != nil || components.password != nil || components.query != nil {
            throw .insecureURL("\(role) \(text) must not carry a user, password or query")
        }
        switch scheme {
        case "https": return url
        case "http" where isLoopback(host): return url
        case "http":
            throw .insecureURL(
                "\(role) \(text) uses plain HTTP; HTTPS is required for any host but this machine's loopback"
            )
        default: throw .insecureURL("\(role) \(text) is not an http(s) URL")
        }
    }

    /// Whether `host` names this machine: `localhost`, 127.0.0.0/8 or ::1.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
