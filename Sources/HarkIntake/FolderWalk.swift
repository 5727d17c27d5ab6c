import Foundation
import HarkCore

/// Finds files by their bytes. FileManager's enumerator and `String` paths drop or mangle names that are not
/// UTF-8 (a GBK name from a Windows share becomes U+FFFD and then "no such file"), so folders are read with
/// opendir/readdir and every name stays the bytes the OS gave.
public enum FolderWalk {
    public struct Found {
        public var files: [RawPath] = []
        /// Folders that could not be read, with why.
        public var problems: [(path: RawPath, reason: String)] = []
    }

    /// Every file under `folder` (recursively) that `keep` accepts, sorted by bytes. Hidden entries (.venv,
    /// .work, .git) are skipped: they hold tools' own audio, never calls. Links are listed, not followed, so a
    /// link to a folder cannot loop the walk; a link to a recording is kept for the audio reader to open.
    public static func files(under folder: RawPath, keep: (RawPath) -> Bool) -> Found {
        var found = Found()
        walk(folder, keep: keep, into: &found)
        found.files.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        return found
    }

    private static func walk(_ folder: RawPath, keep: (RawPath) -> Bool, into found: inout Found) {
        guard let (folders, files) = entries(of: folder) else {
            found.problems.append((folder, "cannot read folder: \(String(cString: strerror(errno)))"))
            return
        }
        found.files += files.filter(keep)
        for sub in folders { walk(sub, keep: keep, into: &found) }
    }

    /// The folder's visible entries by their bytes: sub-folders, and everything else (links not followed);
    /// nil when it cannot be read (`errno` says why).
    public static func entries(of folder: RawPath) -> (folders: [RawPath], files: [RawPath])? {
        guard let dir = folder.withCString({ opendir($0) }) else { return nil }
        defer { closedir(dir) }
        var folders: [RawPath] = []
        var files: [RawPath] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name.first == UInt8(ascii: ".") { continue }
            let path = folder.appending(name)
            var st = stat()
            guard path.withCString({ lstat($0, &st) }) == 0 else { continue }
            if st.st_mode & S_IFMT == S_IFDIR { folders.append(path) } else { files.append(path) }
        }
        return (folders, files)
    }

    /// `path` made absolute against the working directory (read as bytes too) and standardized.
    public static func absolute(_ path: RawPath) -> RawPath {
        guard !path.isAbsolute else { return path.standardized }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path.standardized }
        let cwd = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return RawPath(bytes: cwd).appending(path.bytes).standardized
    }
}
