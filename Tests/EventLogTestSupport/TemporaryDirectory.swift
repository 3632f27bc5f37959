#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under the system's temporary folder, removed (with its contents) afterwards.
public func withTemporaryDirectory<R>(_ body: (String) async throws -> R) async rethrows -> R {
    let path = makeTemporaryDirectory()
    defer { removeTree(path) }
    return try await body(path)
}

/// Creates a fresh, empty directory and returns its path.
public func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/avosync-test-XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { fatalError("mkdtemp failed: errno \(errno)") }
    return String(cString: created)
}

/// Removes a directory and everything below it.
public func removeTree(_ path: String) {
    guard let directory = opendir(path) else {
        unlink(path)
        return
    }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
        }
        if name == "." || name == ".." { continue }
        let child = path + "/" + name
        if entry.pointee.d_type == UInt8(DT_DIR) { removeTree(child) } else { unlink(child) }
    }
    closedir(directory)
    rmdir(path)
}
