import HarkCore
import Testing

@Suite struct KeywordMatcherTests {
    static let dictionary = KeywordDictionary(categories: [
        KeywordCategory(name: "neg", role: .negative, terms: [KeywordTerm("不满"), KeywordTerm("不满意"), KeywordTerm("angry")]),
        KeywordCategory(name: "pos", role: .positive, terms: [KeywordTerm("满意"), KeywordTerm("no problem")]),
        KeywordCategory(name: "not", role: .negation, terms: [KeywordTerm("不"), KeywordTerm("no")]),
    ])

    func found(_ text: String) -> [String] {
        let m = KeywordMatcher(dictionary: Self.dictionary)
        let bytes = Array(text.utf8)
        return m.hits(in: text).map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func findsOverlappingChineseTermsAnywhere() {
        #expect(Set(found("我很不满意")) == ["不", "不满", "不满意", "满意"])
    }

    @Test func englishTermsMatchWholeWordsOnly() {
        #expect(found("i know nothing").isEmpty)
        #expect(found("no, i am angry") == ["no", "angry"])
        #expect(found("angrybird").isEmpty)
        #expect(found("没问题 no problem!").sorted() == ["no", "no problem"])
        // Chinese around an English word is a boundary.
        #expect(found("我angry了") == ["angry"])
    }

    /// The automaton agrees with a naive search on random texts made of the terms' own characters.
    @Test func agreesWithNaiveSearch() {
        var rng = SeededGenerator(seed: 7)
        let dict = KeywordDictionary.standard
        let matcher = KeywordMatcher(dictionary: dict)
        let alphabet = Array(Set(dict.categories.flatMap { $0.terms.flatMap { Array($0.text) } })) + [" ", "，", "x"]
        for _ in 0..<300 {
            let text = String((0..<Int.random(in: 5...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let bytes = Array(text.utf8)
            let fast = Set(matcher.hits(in: text).map { "\($0.pattern)@\($0.start)" })
            var naive = Set<String>()
            for (p, pattern) in matcher.patterns.enumerated() {
                let term = Array(dict.categories[pattern.categoryIndex].terms[pattern.termIndex].text.utf8)
                guard term.count <= bytes.count else { continue }
                for s in 0...(bytes.count - term.count) where Array(bytes[s..<(s + term.count)]) == term {
                    let wordish: (UInt8) -> Bool = { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
                    if wordish(term[0]), s > 0, wordish(bytes[s - 1]) { continue }
                    if wordish(term[term.count - 1]), s + term.count < bytes.count, wordish(bytes[s + term.count]) { continue }
                    naive.insert("\(p)@\(s)")
                }
            }
            #expect(fast == naive, "\(text)")
        }
    }

    @Test func containedTermsShareTheirRoot() {
        let m = KeywordMatcher(dictionary: .standard)
        let text = { (p: KeywordMatcher.Pattern) in KeywordDictionary.standard.categories[p.categoryIndex].terms[p.termIndex].text }
        let yao = m.patterns.first { text($0) == "要投诉" }!
        #expect(text(m.patterns[yao.root]) == "投诉")
    }
}

/// SplitMix64: a small, seeded generator so generated test data is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
