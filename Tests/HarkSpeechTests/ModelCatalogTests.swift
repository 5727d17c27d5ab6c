import Foundation
import HarkSpeech
import HarkTestSupport
import Testing

extension SpeechTests {
    /// The catalogue must recognise what is installed and refuse broken files with an error naming them,
    /// before sherpa-onnx sees them (it exit()s the process on some bad models).
    @Suite struct ModelCatalogTests {
        let mirror = Paths.modelsFolder

        @Test func recognisesTheMirrorAndPicksDefaults() throws {
            let catalog = try ModelCatalog.scan(mirror)
            let whisper = try #require(catalog.recognizers.first { $0.kind == .whisper })
            #expect(whisper.name == "whisper-base")
            #expect(whisper.model.hasSuffix("base-encoder.int8.onnx"))
            #expect(whisper.decoder?.hasSuffix("base-decoder.int8.onnx") == true)
            #expect(whisper.tokens.hasSuffix("base-tokens.txt"))
            #expect(catalog.defaultRecognizer?.name == "whisper-base")
            #expect(catalog.defaultVAD?.name == "silero-vad-v6")
            #expect(catalog.vads.count >= 1)
            #expect(catalog.problems.isEmpty)
            try catalog.recognizer().validate()
            try catalog.vad().validate()
        }

        /// A models folder laid out like the mirror, with some files replaced by `broken`.
        private func folder(_ dir: TemporaryDirectory, replacing broken: [String: Data] = [:]) throws -> String {
            let fm = FileManager.default
            for (sub, files) in [("whisper-base", ["base-encoder.int8.onnx", "base-decoder.int8.onnx", "base-tokens.txt"]),
                                 ("silero-vad-v6", ["silero_vad.onnx"])] {
                try fm.createDirectory(atPath: dir.path("models/\(sub)"), withIntermediateDirectories: true)
                for file in files {
                    let target = dir.path("models/\(sub)/\(file)")
                    if let data = broken[file] {
                        try data.write(to: URL(fileURLWithPath: target))
                    } else {
                        try fm.createSymbolicLink(atPath: target, withDestinationPath: "\(mirror)/\(sub)/\(file)")
                    }
                }
            }
            return dir.path("models")
        }

        private func head(_ path: String, _ bytes: Int) throws -> Data {
            let handle = try #require(FileHandle(forReadingAtPath: path))
            defer { try? handle.close() }
            return try handle.read(upToCount: bytes) ?? Data()
        }

        @Test func truncatedEncoderIsRefusedNamingTheFile() throws {
            let dir = try TemporaryDirectory()
            let truncated = try head("\(mirror)/whisper-base/base-encoder.int8.onnx", 1_000_000)
            let models = try folder(dir, replacing: ["base-encoder.int8.onnx": truncated])
            let error = #expect(throws: SpeechError.self) { try ModelCatalog.scan(models).recognizer() }
            #expect(error?.description.contains("base-encoder.int8.onnx") == true)
            #expect(error?.description.contains("truncated") == true)
        }

        @Test func gitLFSPointerIsNotAModel() throws {
            let dir = try TemporaryDirectory()
            let pointer = Data(("version https://git-lfs.github.com/spec/v1\noid sha256:" + String(repeating: "ab", count: 32)
                + "\nsize 29031226\n" + String(repeating: " ", count: 1024)).utf8)
            let models = try folder(dir, replacing: ["base-decoder.int8.onnx": pointer])
            let error = #expect(throws: SpeechError.self) { try ModelCatalog.scan(models).recognizer() }
            #expect(error?.description.contains("base-decoder.int8.onnx: broken model") == true, "\(String(describing: error))")
        }

        /// sherpa-onnx would exit() on this one ("'n_mels' does not exist in the metadata").
        @Test func wrongKindOfModelIsRefused() throws {
            let dir = try TemporaryDirectory()
            let vad = try Data(contentsOf: URL(fileURLWithPath: "\(mirror)/silero-vad-v6/silero_vad.onnx"))
            let models = try folder(dir, replacing: ["base-encoder.int8.onnx": vad])
            let error = #expect(throws: SpeechError.self) { try Recognizer(model: ModelCatalog.scan(models).recognizer()) }
            #expect(error?.description.contains("base-encoder.int8.onnx: broken model: not a Whisper encoder") == true)
            let whisperAsVAD = try head("\(mirror)/whisper-base/base-tokens.txt", 4096)
            let models2 = try folder(TemporaryDirectory(), replacing: ["silero_vad.onnx": whisperAsVAD])
            #expect(throws: SpeechError.self) { try ModelCatalog.scan(models2).vad() }
        }

        @Test func emptyTokensFileIsRefused() throws {
            let dir = try TemporaryDirectory()
            let models = try folder(dir, replacing: ["base-tokens.txt": Data()])
            let error = #expect(throws: SpeechError.self) { try ModelCatalog.scan(models).recognizer() }
            #expect(error?.description.contains("base-tokens.txt: broken model: empty tokens file") == true, "\(String(describing: error))")
        }

        @Test func missingFilesAndFoldersAreNamed() throws {
            let dir = try TemporaryDirectory()
            let models = try folder(dir)
            try FileManager.default.removeItem(atPath: "\(models)/whisper-base/base-decoder.int8.onnx")
            let catalog = try ModelCatalog.scan(models)
            #expect(catalog.recognizers.isEmpty)
            #expect(catalog.problems == ["\(models)/whisper-base: Whisper model without *-decoder*.onnx"])
            let error = #expect(throws: SpeechError.self) { try catalog.recognizer() }
            #expect(error?.description == "\(models): no speech recognition model installed")
            #expect(throws: SpeechError.missingModel(path: dir.path("nowhere"))) { try ModelCatalog.scan(dir.path("nowhere")) }
            #expect(throws: SpeechError.unknownModel(folder: mirror, name: "sense-voice")) {
                try ModelCatalog.scan(self.mirror).recognizer(named: "sense-voice").name
            }
        }

        @Test func senseVoiceAndParaformerFoldersAreRecognisedByName() throws {
            let dir = try TemporaryDirectory()
            let fm = FileManager.default
            for sub in ["sherpa-onnx-sense-voice-zh-en", "sherpa-onnx-paraformer-zh-small"] {
                try fm.createDirectory(atPath: dir.path(sub), withIntermediateDirectories: true)
                try Data("x".utf8).write(to: URL(fileURLWithPath: dir.path("\(sub)/model.int8.onnx")))
                try Data("<blk> 0\n".utf8).write(to: URL(fileURLWithPath: dir.path("\(sub)/tokens.txt")))
            }
            let catalog = try ModelCatalog.scan(dir.url.path)
            #expect(Set(catalog.recognizers.map(\.kind)) == [.senseVoice, .paraformer])
            #expect(catalog.defaultRecognizer?.kind == .senseVoice)
            // Their one-byte model files must not reach sherpa-onnx.
            let error = #expect(throws: SpeechError.self) { try catalog.recognizer() }
            #expect(error?.description.hasSuffix("model.int8.onnx: broken model: only 1 bytes") == true)
        }
    }
}
