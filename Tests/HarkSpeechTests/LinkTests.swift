import HarkSpeech
import Testing

@Test func sherpaOnnxLoads() {
    #expect(SherpaOnnx.version.hasPrefix("2."))
}
