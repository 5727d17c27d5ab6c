import ArgumentParser
import Foundation
import HarkAudio
import HarkConfig
import HarkSpeech
import HarkStore
import HarkText
import HarkTUI

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check libraries, models, store, audio device and locale; each failing line says how to fix it.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Models folder (default: $HARK_MODELS or ./models).") var models: String?
    @Option(help: "ALSA device to check (default: [audio] device, else default).") var audioDevice: String?

    func run() throws {
        var settings = try storeOptions.settings()
        if let audioDevice { settings.set("audio.device", \.audioDevice, audioDevice, from: .flag("--audio-device")) }
        let audioDevice = settings.audioDevice
        var checks: [Check] = []
        checks.append(.ok("sherpa-onnx \(SherpaOnnx.version)"))
        checks.append(.ok("ALSA \(AlsaInfo.version), \(SndfileInfo.version), \(NcursesInfo.version)"))
        if let script = ChineseScript.traditionalToSimplified, script.convert("語音") == "语音" {
            checks.append(.ok("OpenCC converts Traditional to Simplified"))
        } else {
            checks.append(.fail("OpenCC cannot convert Traditional Chinese", fix: "apt-get install libopencc-data"))
        }
        checks.append(contentsOf: ModelCheck.run(folder: models ?? ModelCheck.defaultFolder))
        checks.append(storeCheck())
        if let problem = AlsaInfo.playbackProblem(device: audioDevice) {
            checks.append(.warn("audio device \(audioDevice): \(problem); playback will be muted",
                                fix: "pass --audio-device (e.g. pulse) or run where a sound card exists"))
        } else {
            checks.append(.ok("audio device \(audioDevice) opens for playback"))
        }
        checks.append(localeCheck())
        for check in checks { print(check.line) }
        if checks.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }

    func storeCheck() -> Check {
        do {
            let store = try storeOptions.open()
            try store.checkWritable()
            return .ok("store \(store.path) is writable (\(try store.callCount()) calls)")
        } catch {
            return .fail("\(error)", fix: "pass --store PATH or set HARK_STORE to a writable location")
        }
    }

    func localeCheck() -> Check {
        let env = ProcessInfo.processInfo.environment
        let locale = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        if locale.uppercased().replacingOccurrences(of: "-", with: "").contains("UTF8") {
            return .ok("locale \(locale) is UTF-8")
        }
        return .fail("locale \"\(locale)\" is not UTF-8: Chinese text would not show in the TUI",
                     fix: "export LANG=C.UTF-8")
    }
}

/// One line of `hark doctor`.
struct Check {
    enum Status { case ok, warn, fail }
    var status: Status
    var message: String
    var fix: String?

    static func ok(_ message: String) -> Check { Check(status: .ok, message: message) }
    static func warn(_ message: String, fix: String) -> Check { Check(status: .warn, message: message, fix: fix) }
    static func fail(_ message: String, fix: String) -> Check { Check(status: .fail, message: message, fix: fix) }

    var line: String {
        let tag = switch status { case .ok: "ok  " case .warn: "warn" case .fail: "FAIL" }
        return "\(tag) \(message)" + (fix.map { " — fix: \($0)" } ?? "")
    }
}
