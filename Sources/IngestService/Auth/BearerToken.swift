/// The token of an `Authorization: Bearer TOKEN` header; nil for any other header or none.
public func bearerToken(_ header: String?) -> Substring? {
    guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
    let token = header.dropFirst(7).drop { $0 == " " }
    return token.isEmpty ? nil : token
}
