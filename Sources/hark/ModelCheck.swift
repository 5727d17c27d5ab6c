import Foundation

/// Doctor's look at the models folder: the files a recogniser and the VAD need are present and not empty.
/// Loading them is the speech pipeline's job (`hark models`).
enum ModelCheck {
    static var defaultFolder: String {
        ProcessInfo.processInfo.environment["HARK_MODELS"].flatMap { $0.isEmpty ? nil : $0 } ?? "models"
    }

    static func run(folder: String) -> [Check] {
        let fm = FileManager.default
        guard let entries = fm.enumerator(atPath: folder)?.allObjects as? [String], !entries.isEmpty else {
            return [.fail("no models in \(folder)", fix: "make models (HARK_MODEL_MIRROR=DIR to copy from a folder)")]
        }
        func nonEmpty(_ rel: String) -> Bool {
            ((try? fm.attributesOfItem(atPath: "\(folder)/\(rel)")[.size] as? NSNumber)?.intValue ?? 0) > 0
        }
        var checks: [Check] = []
        let vad = entries.filter { ($0 as NSString).lastPathComponent.hasPrefix("silero_vad") && $0.hasSuffix(".onnx") }
        checks.append(vad.contains(where: nonEmpty)
            ? .ok("VAD model \(folder)/\(vad[0])")
            : .fail("no silero VAD model in \(folder)", fix: "make models"))
        let encoders = entries.filter { $0.contains("encoder") && $0.hasSuffix(".onnx") }
        let senseVoice = entries.filter { ($0 as NSString).lastPathComponent.hasPrefix("model") && $0.hasSuffix(".onnx") }
        if let encoder = encoders.first(where: nonEmpty) {
            let dir = (encoder as NSString).deletingLastPathComponent
            let hasDecoder = entries.contains { $0.hasPrefix(dir) && $0.contains("decoder") && $0.hasSuffix(".onnx") && nonEmpty($0) }
            let hasTokens = entries.contains { $0.hasPrefix(dir) && $0.hasSuffix("tokens.txt") && nonEmpty($0) }
            checks.append(hasDecoder && hasTokens
                ? .ok("Whisper model \(folder)/\(dir)")
                : .fail("Whisper model \(folder)/\(dir) is incomplete (needs encoder, decoder, tokens)", fix: "make models"))
        } else if let model = senseVoice.first(where: nonEmpty) {
            checks.append(.ok("SenseVoice/Paraformer model \(folder)/\(model)"))
        } else {
            checks.append(.fail("no speech recognition model in \(folder)", fix: "make models"))
        }
        return checks
    }
}
