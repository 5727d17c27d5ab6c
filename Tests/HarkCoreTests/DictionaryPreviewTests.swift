import Foundation
import HarkCore
import Testing

/// The what-if preview as a pure function; `DictionaryEditingTests` (HarkStoreTests) checks it against a real
/// save-and-rescore.
@Suite struct DictionaryPreviewTests {
    static func call(_ id: CallID, _ customer: String) -> DictionaryPreview.Input {
        let c = Call(id: id, path: "/\(id).wav", sha256: "\(id)", duration: 30, sampleRate: 16000, channels: 2,
                     metadata: CallMetadata(agent: "王芳"), status: .done, importedAt: Date(timeIntervalSince1970: 0))
        return .init(call: c, utterances: [
            Utterance(speaker: .agent, channel: 0, start: 0.5, end: 3, text: "您好，请问有什么可以帮您？", language: "zh"),
            Utterance(speaker: .customer, channel: 1, start: 4, end: 9, text: customer, language: "zh"),
        ], stored: nil)
    }

    static func adding(_ term: String, to category: String) -> KeywordDictionary {
        var d = KeywordDictionary.standard
        let i = d.categories.firstIndex { $0.name == category }!
        d.categories[i].terms.append(KeywordTerm(term))
        return d
    }

    @Test func aNewNegativeTermLowersScoresAndFlagsTheCallsItTipsOver() {
        let inputs = [Self.call(1, "你们处理太慢，我很失望，真的不满意。"), Self.call(2, "处理太慢了。"),
                      Self.call(3, "好的，谢谢，解决了。")]
        let p = DictionaryPreview.compute(inputs, current: .standard, edited: Self.adding("太慢", to: "不满"))
        #expect(p.calls == 3)
        #expect(p.newlyFlagged == [1], "three negative hits make the first call a risk")
        #expect(p.unflagged.isEmpty)
        #expect(p.changes.map(\.callID).first == 1)
        #expect(!p.changes.contains { $0.callID == 3 }, "a call without the term does not move")
        #expect(p.changes.allSatisfy { $0.after < $0.before })
        #expect(p.averageChange < 0)
        #expect(abs(p.averageChange - p.changes.reduce(0) { $0 + $1.delta } / 3) < 1e-9)
    }

    @Test func storedScoresAreTheBaselineAndThreadsDoNotChangeTheResult() {
        var inputs = (1...40).map { Self.call(CallID($0), $0 % 3 == 0 ? "太慢，我很失望，不满意" : "谢谢，解决了") }
        let analyzer = Analyzer(dictionary: .standard)
        // The archive's stored score, not a fresh analysis, is "before": here a stale 100 on call 1.
        var stale = analyzer.analyze(inputs[0].utterances, duration: 30).score
        stale.value = 100
        inputs[0].stored = stale
        let edited = Self.adding("太慢", to: "不满")
        let one = DictionaryPreview.compute(inputs, current: .standard, edited: edited, threads: 1)
        let four = DictionaryPreview.compute(inputs, current: .standard, edited: edited, threads: 4)
        #expect(one == four)
        let first = one.changes.first { $0.callID == 1 }
        #expect(first?.before == 100)
        #expect(first?.after == analyzer.analyze(inputs[0].utterances, duration: 30).score.value,
                "call 1 has no 太慢, so only the stale stored score makes it move")
        #expect(one.newlyFlagged.count == 13)
        // No edit, no change (apart from the stale call).
        let none = DictionaryPreview.compute(inputs, current: .standard, edited: .standard)
        #expect(none.changes.map(\.callID) == [1])
    }
}
