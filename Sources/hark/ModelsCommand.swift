import ArgumentParser
import Foundation
import HarkCore
import HarkSpeech

/// `--models DIR`, shared by the commands that load speech models.
struct ModelFolderOptions: ParsableArguments {
    @Option(name: .long, help: "Speech models folder (default: $HARK_MODELS or ./models).")
    var models: String?

    var path: String {
        if let models { return models }
        if let env = ProcessInfo.processInfo.environment["HARK_MODELS"], !env.isEmpty { return env }
        return "models"
    }
}

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the installed speech models and which ones are used by default.",
        discussion: "Recognisers: Whisper (*-encoder*.onnx, *-decoder*.onnx, *-tokens.txt), SenseVoice and "
            + "Paraformer (model*.onnx + tokens.txt), one folder each. Voice activity: silero_vad.onnx.")

    @OptionGroup var folder: ModelFolderOptions
    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let catalog = try ModelCatalog.scan(folder.path)
        print("models in \(URL(fileURLWithPath: catalog.folder).standardizedFileURL.path)")
        print("speech recognition:")
        if catalog.recognizers.isEmpty { print("  (none)") }
        var usable = (recognizer: false, vad: false)
        for model in catalog.recognizers {
            let mark = model.name == catalog.defaultRecognizer?.name ? "*" : " "
            let files = model.files.map { "\(($0 as NSString).lastPathComponent) (\(Self.size($0)))" }.joined(separator: ", ")
            let status = Self.check { try model.validate() }
            if status == "ok" && mark == "*" { usable.recognizer = true }
            print("  \(mark) \(Format.column(model.name, 24)) \(Format.column(model.kind.rawValue, 12)) \(files)  \(status)")
        }
        print("voice activity detection:")
        if catalog.vads.isEmpty { print("  (none)") }
        for vad in catalog.vads {
            let mark = vad.name == catalog.defaultVAD?.name ? "*" : " "
            let status = Self.check { try vad.validate() }
            if status == "ok" && mark == "*" { usable.vad = true }
            print("  \(mark) \(Format.column(vad.name, 24)) \(Format.column("silero", 12)) "
                  + "\((vad.path as NSString).lastPathComponent) (\(Self.size(vad.path)))  \(status)")
        }
        for problem in catalog.problems { print("problem: \(problem)") }
        print("* = default")
        guard usable.recognizer, usable.vad else {
            throw ValidationError("\(catalog.folder): no usable default \(usable.recognizer ? "VAD" : "recogniser"); "
                                  + "run `make models` or pass --models DIR")
        }
    }

    private static func check(_ body: () throws -> Void) -> String {
        do { try body(); return "ok" } catch { return "BROKEN: \(error)" }
    }

    private static func size(_ path: String) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: resolved))?[.size] as? NSNumber)?.doubleValue ?? 0
        return bytes >= 1e6 ? String(format: "%.1f MB", bytes / 1e6) : String(format: "%.0f kB", bytes / 1e3)
    }
}
