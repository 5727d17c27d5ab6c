import ArgumentParser
import HarkAudio
import HarkSpeech
import HarkTUI

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check libraries, models, store and audio device.")

    func run() throws {
        print("ok   sherpa-onnx \(SherpaOnnx.version)")
        print("ok   ALSA \(AlsaInfo.version)")
        print("ok   \(NcursesInfo.version)")
    }
}
