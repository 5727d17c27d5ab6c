import Foundation
import HarkTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Recordings whose names are not UTF-8 (GBK names copied from a Windows share): found in folders and taken
/// as arguments, shown with their undecodable bytes escaped, and opened again by their exact bytes.
@Suite struct UndecodableNamesTests {
    /// "测试" in GBK: no valid UTF-8 reading exists.
    static let gbk: [UInt8] = [0xB2, 0xE2, 0xCA, 0xD4]
    static let shown = #"\xB2\xE2\xCA\xD4.wav"#

    func hark(_ args: [String]) throws -> ProcessResult { try Shell.run(Paths.harkBinary, args) }

    /// `folder/测试.wav` named in GBK: sox writes a UTF-8 name, rename() gives it the raw bytes (no String
    /// API can name such a file).
    static func gbkRecording(in folder: String, make: (String) throws -> Void) throws {
        let made = folder + "/made.wav"
        try make(made)
        let target = Array((folder + "/").utf8) + gbk + Array(".wav".utf8) + [0]
        let rc = target.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { rename(made, $0.baseAddress!) }
        }
        try #require(rc == 0, "rename: \(String(cString: strerror(errno)))")
    }

    static func rows(_ json: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
    }

    @Test func aGBKNameImportsByFolderAndByArgumentAndIsShownEscaped() throws {
        let dir = try TemporaryDirectory()
        let calls = dir.path("calls")
        try FileManager.default.createDirectory(atPath: calls, withIntermediateDirectories: true)
        try Self.gbkRecording(in: calls) { try Shell.sox(["-n", "-r", "16000", "-c", "1", $0, "synth", "2.5", "sine", "300"]) }
        let store = dir.path("s.sqlite")

        let byFolder = try hark(["import", "--store", store, calls])
        #expect(byFolder.status == 0, "\(byFolder.stdout)\(byFolder.stderr)")
        #expect(byFolder.stdout.contains("imported  #1 \(calls)/\(Self.shown) (0:02, 1 ch, 16000 Hz)"), "\(byFolder.stdout)")
        #expect(byFolder.stdout.contains("imported 1, duplicates 0, failed 0"))

        // The name as raw argv bytes: printf turns the octal escapes into the GBK bytes, which Swift's
        // CommandLine.arguments would only hand over as U+FFFD.
        let script = #"exec "$0" import --store "$1" "$(printf '%s/\262\342\312\324.wav' "$2")""#
        let byArgument = try Shell.run("sh", ["-c", script, Paths.harkBinary, store, calls])
        #expect(byArgument.status == 0, "\(byArgument.stdout)\(byArgument.stderr)")
        #expect(byArgument.stdout.contains("duplicate #1 \(calls)/\(Self.shown)"), "\(byArgument.stdout)")
        #expect(byArgument.stdout.contains("imported 0, duplicates 1, failed 0"))
        #expect(!byArgument.stdout.contains("\u{FFFD}") && !byFolder.stdout.contains("\u{FFFD}"))

        let rows = try Self.rows(try hark(["calls", "--store", store, "--json"]).stdout)
        #expect(rows.count == 1)
        #expect(rows.first?["path"] as? String == "\(calls)/\(Self.shown)")
        let duration = try #require(rows.first?["duration"] as? Double)
        #expect(abs(duration - 2.5) < 0.01)

        let report = try hark(["report", "--store", store, "1"])
        #expect(report.stdout.contains("File: \(calls)/\(Self.shown)"), "\(report.stdout)")
    }

    @Test func aGBKNamedCallArrivingAsAnArgumentFirstIsNotANewCallFromTheFolder() throws {
        let dir = try TemporaryDirectory()
        try Self.gbkRecording(in: dir.url.path) { try Shell.sox(["-n", "-r", "8000", "-c", "2", $0, "synth", "1", "sine", "440"]) }
        let store = dir.path("s.sqlite")
        let script = #"exec "$0" import --store "$1" "$(printf '%s/\262\342\312\324.wav' "$2")""#
        let first = try Shell.run("sh", ["-c", script, Paths.harkBinary, store, dir.url.path])
        #expect(first.stdout.contains("imported  #1 \(dir.url.path)/\(Self.shown) (0:01, 2 ch, 8000 Hz)"), "\(first.stdout)")
        let again = try hark(["import", "--store", store, dir.url.path])
        #expect(again.stdout.contains("imported 0, duplicates 1, failed 0"), "\(again.stdout)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Paths.modelsFolder + "/whisper-base"), "needs models (make models)"))
    func aGBKNamedCallIsTranscribedFromItsExactBytes() throws {
        let dir = try TemporaryDirectory()
        try Self.gbkRecording(in: dir.url.path) { _ = try SpokenAudio.speech("I would like a refund please", to: $0) }
        let store = dir.path("s.sqlite")
        let imported = try hark(["import", "--store", store, dir.url.path])
        #expect(imported.status == 0, "\(imported.stdout)")
        let work = try Shell.run(Paths.harkBinary, ["work", "--store", store, "--workers", "1"],
                                 environment: ["HARK_MODELS": Paths.modelsFolder])
        #expect(work.status == 0, "\(work.stdout)\(work.stderr)")
        #expect(work.stdout.contains("done      #1 \(dir.url.path)/\(Self.shown)"), "\(work.stdout)")
        let row = try #require(try Self.rows(try hark(["calls", "--store", store, "--json"]).stdout).first)
        #expect(row["status"] as? String == "done", "\(row)")
        let search = try hark(["search", "--store", store, "refund"])
        #expect(search.stdout.contains("#1"), "\(search.stdout)")
    }
}
