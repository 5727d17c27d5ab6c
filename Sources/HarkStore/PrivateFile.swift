import Foundation

/// Files and folders holding call content (reports, coaching exports, dictionary exports, the store's
/// folder) are the user's alone whatever the umask: files 0600, folders Hark creates 0700. Files are
/// written atomically (temporary file, fsync, rename), so a full disk or a kill never leaves half of one.
public enum PrivateFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `text` to `path`; the error names the path and says what went wrong.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(path, errno) }
        var ok = fchmod(fd, 0o600) == 0
        var code: Int32 = 0
        let bytes = Array(text.utf8)
        var offset = 0
        while ok, offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; ok = false } else { offset += n }
        }
        if ok { ok = fsync(fd) == 0 }
        if !ok { code = errno }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            if ok { code = errno }
            unlink(temporary)
            throw failure(path, code)
        }
    }

    /// Creates `path` (and missing parents) as 0700 folders; a folder that exists is left as it is.
    public static func makeFolder(_ path: String) throws {
        var missing: [String] = []
        var p = (path as NSString).standardizingPath
        while !p.isEmpty, p != "/", !FileManager.default.fileExists(atPath: p) {
            missing.append(p)
            p = (p as NSString).deletingLastPathComponent
        }
        for folder in missing.reversed() {
            guard mkdir(folder, 0o700) == 0 || errno == EEXIST else { throw failure(folder, errno) }
            chmod(folder, 0o700)
        }
    }

    static func failure(_ path: String, _ code: Int32) -> Failure {
        Failure(description: "\(path): cannot write: \(String(cString: strerror(code)))")
    }
}
