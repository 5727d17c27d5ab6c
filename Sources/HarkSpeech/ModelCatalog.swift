import Foundation

/// The speech-recognition engines Hark can drive through sherpa-onnx.
public enum RecognizerKind: String, Sendable, Hashable, CaseIterable, Codable {
    case whisper
    case senseVoice = "sense-voice"
    case paraformer

    /// Preference when picking a default: SenseVoice is the most accurate on call-centre Mandarin and
    /// English and gives emotion tags; Whisper is multilingual; Paraformer is Chinese only.
    var rank: Int {
        switch self {
        case .senseVoice: return 0
        case .whisper: return 1
        case .paraformer: return 2
        }
    }
}

/// One installed recognition model: its files, as found on disk.
public struct RecognizerModel: Sendable, Hashable {
    /// The folder name, used to pick a model (`--model whisper-base`).
    public var name: String
    public var kind: RecognizerKind
    /// Whisper: encoder; SenseVoice and Paraformer: the model.
    public var model: String
    /// Whisper only.
    public var decoder: String?
    public var tokens: String

    /// Every file the engine will open.
    public var files: [String] { [model] + (decoder.map { [$0] } ?? []) + [tokens] }

    public init(name: String, kind: RecognizerKind, model: String, decoder: String? = nil, tokens: String) {
        self.name = name
        self.kind = kind
        self.model = model
        self.decoder = decoder
        self.tokens = tokens
    }

    /// Checks every file before sherpa-onnx sees it; throws a `SpeechError` naming the bad file.
    public func validate() throws {
        switch kind {
        case .whisper:
            // sherpa-onnx exit()s when these are missing, so they are checked here.
            try OnnxFile.inspect(model).require(
                metadata: ["n_mels", "n_text_layer", "n_text_ctx", "n_vocab", "sot_sequence", "eot"],
                for: "Whisper encoder")
            guard let decoder else { throw SpeechError.missingModel(path: "\(name)/*-decoder*.onnx") }
            _ = try OnnxFile.inspect(decoder)
        case .senseVoice:
            try OnnxFile.inspect(model).require(
                metadata: ["vocab_size", "lfr_window_size", "lfr_window_shift", "with_itn", "without_itn",
                           "neg_mean", "inv_stddev"],
                for: "SenseVoice model")
        case .paraformer:
            try OnnxFile.inspect(model).require(
                metadata: ["vocab_size", "lfr_window_size", "lfr_window_shift", "neg_mean", "inv_stddev"],
                for: "Paraformer model")
        }
        try TokensFile.validate(tokens)
    }
}

/// An installed voice-activity-detection model (Silero).
public struct VADModel: Sendable, Hashable {
    public var name: String
    public var path: String

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// Graph inputs of the Silero exports sherpa-onnx runs: upstream v4, sherpa-onnx's own v4, v5/v6.
    static let knownInputs: [Set<String>] = [["input", "sr", "h", "c"], ["x", "h", "c"], ["input", "state", "sr"]]

    /// sherpa-onnx tells the Silero versions apart by the graph's inputs and exit()s on anything else.
    public func validate() throws {
        let inputs = Set(try OnnxFile.inspect(path, readInputs: true).inputs)
        guard Self.knownInputs.contains(inputs) else {
            throw SpeechError.brokenModel(path: path, reason: "not a Silero VAD model (inputs \(inputs.sorted()))")
        }
    }
}

/// What is installed in a models folder, recognised by file names, with a default of each kind.
///
/// Layout: one sub-folder per model (`models/whisper-base/base-encoder.int8.onnx`, ...), or model files
/// directly in the folder. A folder that looks like a model but lacks a file is listed in `problems`.
public struct ModelCatalog: Sendable {
    public var folder: String
    public var recognizers: [RecognizerModel]
    public var vads: [VADModel]
    /// The speaker encoder (`resemblyzer-ge2e/ge2e.weights`) that tells the voices of a mono call apart, if
    /// installed.
    public var voiceEncoder: String?
    /// One line per folder that could not be understood: `"path: reason"`.
    public var problems: [String]

    /// Scans `folder` (one level of sub-folders). Throws only when the folder itself is unreadable.
    public static func scan(_ folder: String) throws -> ModelCatalog {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SpeechError.missingModel(path: folder)
        }
        var catalog = ModelCatalog(folder: folder, recognizers: [], vads: [], problems: [])
        let root = URL(fileURLWithPath: folder)
        var dirs = [root]
        let children = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
        for child in children.sorted() where !child.hasPrefix(".") {
            var childIsDir: ObjCBool = false
            let url = root.appendingPathComponent(child)
            if fm.fileExists(atPath: url.path, isDirectory: &childIsDir), childIsDir.boolValue { dirs.append(url) }
        }
        for dir in dirs { catalog.recognise(dir) }
        return catalog
    }

    private mutating func recognise(_ dir: URL) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        let name = dir.lastPathComponent
        func path(_ file: String) -> String { dir.appendingPathComponent(file).path }
        let onnx = files.filter { $0.hasSuffix(".onnx") }
        if files.contains("ge2e.weights"), voiceEncoder == nil { voiceEncoder = path("ge2e.weights") }

        if let vad = onnx.first(where: { $0.lowercased().contains("silero") || $0.lowercased().contains("vad") }) {
            vads.append(VADModel(name: name, path: path(vad)))
        }
        // Whisper: prefer int8 files (1.5x faster than fp32 here at a small accuracy cost).
        let encoders = onnx.filter { $0.contains("-encoder") }
        let decoders = onnx.filter { $0.contains("-decoder") }
        if !encoders.isEmpty || !decoders.isEmpty {
            let encoder = Self.preferInt8(encoders), decoder = Self.preferInt8(decoders)
            let tokens = files.first { $0.hasSuffix("-tokens.txt") } ?? (files.contains("tokens.txt") ? "tokens.txt" : nil)
            if let encoder, let decoder, let tokens {
                recognizers.append(RecognizerModel(name: name, kind: .whisper, model: path(encoder),
                                                   decoder: path(decoder), tokens: path(tokens)))
            } else {
                let missing = encoder == nil ? "*-encoder*.onnx" : decoder == nil ? "*-decoder*.onnx" : "*-tokens.txt"
                problems.append("\(dir.path): Whisper model without \(missing)")
            }
            return
        }
        let models = onnx.filter { $0.hasPrefix("model") }
        guard let model = Self.preferInt8(models) else { return }
        guard files.contains("tokens.txt") else {
            problems.append("\(dir.path): \(model) without tokens.txt")
            return
        }
        let kind: RecognizerKind
        let lower = name.lowercased()
        if lower.contains("paraformer") {
            kind = .paraformer
        } else if lower.contains("sense") {
            kind = .senseVoice
        } else if let meta = try? OnnxFile.inspect(path(model)).metadata {
            // SenseVoice carries its ITN switch tokens in the metadata; Paraformer does not.
            kind = meta["with_itn"] != nil ? .senseVoice : .paraformer
        } else {
            problems.append("\(path(model)): unreadable model, cannot tell SenseVoice from Paraformer")
            return
        }
        recognizers.append(RecognizerModel(name: name, kind: kind, model: path(model), tokens: path("tokens.txt")))
    }

    private static func preferInt8(_ names: [String]) -> String? {
        names.first { $0.contains("int8") } ?? names.first
    }

    /// The recogniser used when none is named: best kind first, then the larger model (more accurate).
    public var defaultRecognizer: RecognizerModel? {
        recognizers.min { a, b in
            if a.kind.rank != b.kind.rank { return a.kind.rank < b.kind.rank }
            let sa = Self.fileSize(a.model), sb = Self.fileSize(b.model)
            return sa != sb ? sa > sb : a.name < b.name
        }
    }

    /// The VAD used when none is named: the highest Silero version (`v6` beats `v4`).
    public var defaultVAD: VADModel? {
        vads.max { a, b in
            let va = Self.version(a.name), vb = Self.version(b.name)
            return va != vb ? va < vb : a.name > b.name
        }
    }

    /// The recogniser called `name`, or the default when `name` is nil; validated.
    public func recognizer(named name: String? = nil) throws -> RecognizerModel {
        let model: RecognizerModel?
        if let name {
            model = recognizers.first { $0.name == name }
            guard model != nil else { throw SpeechError.unknownModel(folder: folder, name: name) }
        } else {
            model = defaultRecognizer
        }
        guard let model else { throw SpeechError.noModel(folder: folder, kind: "speech recognition") }
        try model.validate()
        return model
    }

    /// The default VAD, validated.
    public func vad() throws -> VADModel {
        guard let vad = defaultVAD else { throw SpeechError.noModel(folder: folder, kind: "voice activity (silero VAD)") }
        try vad.validate()
        return vad
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func version(_ name: String) -> Int {
        guard let range = name.range(of: #"v(\d+)"#, options: .regularExpression) else { return 0 }
        return Int(name[range].dropFirst()) ?? 0
    }
}

/// Checks a `tokens.txt` before sherpa-onnx reads it: every model's token table is `symbol id` lines.
enum TokensFile {
    static func validate(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SpeechError.missingModel(path: path) }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        guard !head.isEmpty else { throw SpeechError.brokenModel(path: path, reason: "empty tokens file") }
        let firstLine = String(decoding: head, as: UTF8.self).split(separator: "\n").first ?? ""
        guard let id = firstLine.split(separator: " ").last, Int(id.trimmingCharacters(in: .whitespaces)) != nil else {
            throw SpeechError.brokenModel(path: path, reason: "not a tokens file (expected 'symbol id' lines)")
        }
    }
}
