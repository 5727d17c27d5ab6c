import Foundation
import HarkTestSupport
import Testing

/// `make models` as a user runs it: from a mirror folder, from a URL, and refusing a corrupt file.
@Suite struct ModelInstallTests {
    let script = Paths.packageRoot.appendingPathComponent("scripts/install-models.sh").path

    func install(into dest: String, _ env: [String: String]) throws -> ProcessResult {
        var environment = ["HARK_MODELS": dest, "HARK_MODEL_MIRROR": "", "HARK_MODEL_RELEASES": "file:///nonexistent"]
        environment.merge(env) { $1 }
        return try Shell.run("bash", [script], environment: environment)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["HARK_MODEL_MIRROR"].map { !$0.isEmpty } ?? false,
                   "needs HARK_MODEL_MIRROR"))
    func copiesAndVerifiesFromMirror() throws {
        let dir = try TemporaryDirectory()
        let mirror = ProcessInfo.processInfo.environment["HARK_MODEL_MIRROR"]!
        let r = try install(into: dir.path("models"), ["HARK_MODEL_MIRROR": mirror])
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["whisper-base/base-encoder.int8.onnx", "whisper-base/base-decoder.int8.onnx",
                     "whisper-base/base-tokens.txt", "silero-vad-v6/silero_vad.onnx", "resemblyzer-ge2e/ge2e.weights"] {
            #expect(FileManager.default.fileExists(atPath: dir.path("models/\(file)")), "\(file) missing")
        }
        // A second run finds everything in place.
        let again = try install(into: dir.path("models"), ["HARK_MODEL_MIRROR": mirror])
        #expect(again.stdout.contains("already"))
    }

    @Test func corruptMirrorFileIsRefusedAndNothingIsInstalled() throws {
        let dir = try TemporaryDirectory()
        let mirror = dir.path("mirror")
        try FileManager.default.createDirectory(atPath: mirror + "/silero-vad-v6", withIntermediateDirectories: true)
        try Data("not the model".utf8).write(to: URL(fileURLWithPath: mirror + "/silero-vad-v6/silero_vad.onnx"))
        let r = try install(into: dir.path("models"), ["HARK_MODEL_MIRROR": mirror])
        #expect(r.status != 0)
        #expect(r.stderr.contains("silero_vad.onnx: sha256"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("models/silero-vad-v6")))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Paths.modelsFolder + "/whisper-base/base-tokens.txt"),
                   "needs the installed Whisper and VAD models"))
    func corruptSpeakerCheckpointIsRefusedAndNothingIsInstalled() throws {
        let dir = try TemporaryDirectory()
        // Recognition models already in place, so only the speaker model is installed from the mirror.
        let dest = dir.path("models")
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        for name in ["whisper-base", "silero-vad-v6"] {
            try FileManager.default.createSymbolicLink(atPath: "\(dest)/\(name)", withDestinationPath: Paths.modelsFolder + "/" + name)
        }
        let mirror = dir.path("mirror/resemblyzer-ge2e")
        try FileManager.default.createDirectory(atPath: mirror, withIntermediateDirectories: true)
        try Data("not the checkpoint".utf8).write(to: URL(fileURLWithPath: mirror + "/pretrained.pt"))
        let r = try install(into: dest, ["HARK_MODEL_MIRROR": dir.path("mirror")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("pretrained.pt: sha256"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dest + "/resemblyzer-ge2e"))
    }

    @Test func downloadsAndUnpacksFromFileURL() throws {
        let dir = try TemporaryDirectory()
        // An archive laid out like sherpa-onnx's release: one folder with fp32 and int8 files.
        let release = dir.path("release/sherpa-onnx-whisper-base")
        try FileManager.default.createDirectory(atPath: release, withIntermediateDirectories: true)
        for name in ["base-encoder.int8.onnx", "base-decoder.int8.onnx", "base-encoder.onnx", "base-tokens.txt"] {
            try Data("fake \(name)".utf8).write(to: URL(fileURLWithPath: "\(release)/\(name)"))
        }
        try Data("fake vad".utf8).write(to: URL(fileURLWithPath: dir.path("release/silero_vad.onnx")))
        let tar = try Shell.run("tar", ["-cjf", dir.path("whisper.tar.bz2"), "-C", dir.path("release"), "sherpa-onnx-whisper-base"])
        #expect(tar.status == 0)
        // The speaker model comes from PyPI, not from these releases: left out so the test stays offline.
        let r = try install(into: dir.path("models"), [
            "SPEAKER_MODEL": "none",
            "HARK_WHISPER_URL": "file://" + dir.path("whisper.tar.bz2"),
            "HARK_VAD_URL": "file://" + dir.path("release/silero_vad.onnx"),
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let installed = try FileManager.default.contentsOfDirectory(atPath: dir.path("models/whisper-base")).sorted()
        #expect(installed == ["base-decoder.int8.onnx", "base-encoder.int8.onnx", "base-tokens.txt"])
        #expect(FileManager.default.fileExists(atPath: dir.path("models/silero-vad-v6/silero_vad.onnx")))
    }

    @Test func unreachableURLFailsClearly() throws {
        let dir = try TemporaryDirectory()
        let r = try install(into: dir.path("models"), ["HARK_VAD_URL": "file:///no/such/vad.onnx"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot download file:///no/such/vad.onnx"))
    }
}
