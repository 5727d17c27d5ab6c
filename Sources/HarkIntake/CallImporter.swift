import Foundation
import HarkAudio
import HarkCore
import HarkStore

/// Walks files and folders, probes each recording, and adds it to the store with its metadata.
///
/// A file that can't be used gets one line (path: reason) and a `failed_import` row; nothing else is
/// affected, and running the same import again only adds what is new.
public struct CallImporter {
    /// Extensions libsndfile reads that a call recording may have.
    public static let audioExtensions: Set<String> = ["wav", "wave", "flac", "ogg", "oga", "opus", "mp3", "aif", "aiff",
                                               "caf", "w64", "rf64", "au"]

    public struct Summary {
        public var imported = 0
        public var duplicates = 0
        public var failed: [(path: String, reason: String)] = []
    }

    let store: CallStore
    /// Called with one line per file as it is handled.
    var report: (String) -> Void = { print($0) }

    public init(store: CallStore, report: @escaping (String) -> Void = { print($0) }) {
        self.store = store
        self.report = report
    }

    public func importPaths(_ paths: [RawPath]) -> Summary {
        var summary = Summary()
        for path in paths {
            for file in expand(path, summary: &summary) { importFile(file, into: &summary) }
        }
        return summary
    }

    /// Files under `path` (recursively, sorted), or the file itself.
    private func expand(_ path: RawPath, summary: inout Summary) -> [RawPath] {
        let absolute = FolderWalk.absolute(path)
        var st = stat()
        guard absolute.withCString({ stat($0, &st) }) == 0 else {
            // A dangling or looping symbolic link exists as a link: let the audio reader say which.
            if absolute.withCString({ lstat($0, &st) }) == 0 { return [absolute] }
            fail(absolute.text, "no such file or folder", into: &summary)
            return []
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { return [absolute] }
        let found = FolderWalk.files(under: absolute) { Self.audioExtensions.contains($0.pathExtension) }
        for problem in found.problems { fail(problem.path.text, problem.reason, into: &summary) }
        return found.files
    }

    private func importFile(_ file: RawPath, into summary: inout Summary) {
        let path = file.text
        do {
            let info = try AudioFile(file: file).probe()
            let metadata = try Self.metadata(for: file)
            let result = try store.importCall(NewCall(file: file, sha256: try Self.sha256(of: file),
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

    /// `path` is readable (`RawPath.text`): what the line shows and `failed_import` keeps.
    private func fail(_ path: String, _ reason: String, into summary: inout Summary) {
        summary.failed.append((path, reason))
        report("failed    \(path): \(reason)")
        try? store.recordFailedImport(path: path, reason: reason)
    }

    /// The sidecar `NAME.json` beside the recording if there is one, else what the file name says.
    public static func metadata(for file: RawPath) throws -> CallMetadata {
        let sidecar = RawPath(bytes: file.deletingPathExtension.bytes + Array(".json".utf8))
        let sidecarName = RawPath(bytes: sidecar.lastComponent).text
        let data: Data?
        do {
            data = try FileBytes.contents(of: sidecar)
        } catch {
            throw ImportError(reason: "\(sidecarName): \(error)")
        }
        guard let data else { return CallMetadata(fileName: RawPath(bytes: file.lastComponent).text) }
        do {
            return try CallMetadata(sidecarJSON: data)
        } catch {
            throw ImportError(reason: "\(sidecarName): \(error)")
        }
    }

    public static func sha256(of file: RawPath) throws -> String {
        var hash = SHA256()
        do {
            try FileBytes.forEachChunk(of: file) { hash.update($0) }
        } catch {
            throw ImportError(reason: "\(error)")
        }
        return hash.finalizeHex()
    }

    /// The reason part of an audio error (the importer prints the path itself).
    static func reason(_ error: AudioError) -> String {
        let text = error.description
        guard let range = text.range(of: ": ") else { return text }
        return String(text[range.upperBound...])
    }
}

public struct ImportError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
