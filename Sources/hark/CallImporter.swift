import Foundation
import HarkAudio
import HarkCore
import HarkStore

/// Walks files and folders, probes each recording, and adds it to the store with its metadata.
///
/// A file that can't be used gets one line (path: reason) and a `failed_import` row; nothing else is
/// affected, and running the same import again only adds what is new.
struct CallImporter {
    /// Extensions libsndfile reads that a call recording may have.
    static let audioExtensions: Set<String> = ["wav", "wave", "flac", "ogg", "oga", "opus", "mp3", "aif", "aiff",
                                               "caf", "w64", "rf64", "au"]

    struct Summary {
        var imported = 0
        var duplicates = 0
        var failed: [(path: String, reason: String)] = []
    }

    let store: CallStore
    /// Called with one line per file as it is handled.
    var report: (String) -> Void = { print($0) }

    func importPaths(_ paths: [String]) -> Summary {
        var summary = Summary()
        for path in paths {
            for file in expand(path, summary: &summary) { importFile(file, into: &summary) }
        }
        return summary
    }

    /// Files under `path` (recursively, sorted), or the file itself.
    private func expand(_ path: String, summary: inout Summary) -> [String] {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            // A dangling or looping symbolic link exists as a link: let the audio reader say which.
            var link = stat()
            if lstat(absolute, &link) == 0 { return [absolute] }
            fail(absolute, "no such file or folder", into: &summary)
            return []
        }
        guard isDirectory.boolValue else { return [absolute] }
        let enumerator = FileManager.default.enumerator(atPath: absolute)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            // Hidden folders (.venv, .work, .git) hold tools' own audio, never calls.
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                enumerator?.skipDescendants()
                continue
            }
            let ext = (relative as NSString).pathExtension.lowercased()
            if Self.audioExtensions.contains(ext) { files.append((absolute as NSString).appendingPathComponent(relative)) }
        }
        return files.sorted()
    }

    private func importFile(_ path: String, into summary: inout Summary) {
        do {
            let info = try AudioFile(path: path).probe()
            let metadata = try Self.metadata(for: path)
            let result = try store.importCall(NewCall(path: path, sha256: try Self.sha256(of: path),
                                                      duration: info.duration, sampleRate: info.sampleRate,
                                                      channels: info.channels, metadata: metadata))
            switch result {
            case let .imported(id):
                summary.imported += 1
                let pair = AudioFile.usedChannels(info.sourceChannels).map { String($0 + 1) }.joined(separator: " and ")
                let channels = info.sourceChannels > info.channels
                    ? "\(info.sourceChannels) ch: agent and customer from channels \(pair)" : "\(info.channels) ch"
                report("imported  #\(id) \(path) (\(Format.duration(info.duration)), \(channels), \(info.sampleRate) Hz)")
            case let .duplicate(id):
                summary.duplicates += 1
                report("duplicate #\(id) \(path)")
            }
        } catch let error as AudioError {
            fail(path, Self.reason(error), into: &summary)
        } catch let error as ImportError {
            fail(path, error.reason, into: &summary)
        } catch {
            fail(path, "\(error)", into: &summary)
        }
    }

    private func fail(_ path: String, _ reason: String, into summary: inout Summary) {
        summary.failed.append((path, reason))
        report("failed    \(path): \(reason)")
        try? store.recordFailedImport(path: path, reason: reason)
    }

    /// The sidecar `NAME.json` beside the recording if there is one, else what the file name says.
    static func metadata(for path: String) throws -> CallMetadata {
        let sidecar = (path as NSString).deletingPathExtension + ".json"
        guard let data = FileManager.default.contents(atPath: sidecar) else {
            return CallMetadata(fileName: (path as NSString).lastPathComponent)
        }
        do {
            return try CallMetadata(sidecarJSON: data)
        } catch {
            throw ImportError(reason: "\((sidecar as NSString).lastPathComponent): \(error)")
        }
    }

    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ImportError(reason: "cannot open for reading") }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(chunk) }
        return hash.finalizeHex()
    }

    /// The reason part of an audio error (the importer prints the path itself).
    static func reason(_ error: AudioError) -> String {
        let text = error.description
        guard let range = text.range(of: ": ") else { return text }
        return String(text[range.upperBound...])
    }
}

struct ImportError: Error {
    var reason: String
}
