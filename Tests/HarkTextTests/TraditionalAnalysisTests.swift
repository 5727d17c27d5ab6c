import HarkCore
import HarkText
import Testing

/// Traditional Chinese transcripts match the Simplified dictionary once normalised, as the pipeline does.
@Suite struct TraditionalAnalysisTests {
    let normalizer = TextNormalizer()

    func analyze(_ text: String) -> CallAnalysis {
        let u = Utterance(speaker: .customer, channel: 1, start: 0, end: 3, text: text,
                          normalizedText: normalizer.normalize(text))
        return Analyzer(dictionary: .standard).analyze([u], duration: 3)
    }

    @Test func traditionalComplaintIsFound() {
        let a = analyze("我要投訴")
        let hit = a.markers.first { $0.kind == .keyword }
        #expect(hit?.category == "投诉" && hit?.matchedText == "要投诉")
        #expect(a.score.risk)
    }

    @Test func traditionalNegationAndFullWidthEnglish() {
        let a = analyze("我沒有不滿意，ＴＨＡＮＫ ＹＯＵ")
        let k = a.markers.filter { $0.kind == .keyword }
        #expect(k.map(\.category) == ["不满", "满意"])
        #expect(k.map(\.negated) == [true, false])
    }
}
