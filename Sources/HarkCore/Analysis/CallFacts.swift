/// A keyword hit placed in the call: which utterance, who said it, and when.
struct TimedHit {
    var utterance: Int
    var speaker: Speaker
    var hit: SpottedHit
    var start: Double
    var end: Double
    var negated: Bool { hit.negatedBy != nil }
}

/// Everything the detectors share about one call, computed in a single pass over the text.
struct CallFacts {
    let utterances: [Utterance]
    let duration: Double
    let dictionary: KeywordDictionary
    let settings: AnalysisSettings
    let matcher: KeywordMatcher
    let tables: AnalysisTables
    /// Finds `settings.escalationPhrases`.
    let escalation: KeywordMatcher
    /// Start, end and speaker of each utterance, so detectors need not copy whole utterances.
    let starts: [Double]
    let ends: [Double]
    let speakers: [Speaker]
    /// Keyword hits (every role but negation, dialect cues included), utterance by utterance in time order.
    let hits: [TimedHit]
    /// Per utterance: character counts, personal data found, and the language it is in.
    let counts: [TextScan.Counts]
    let pii: [[PIIMatch]]
    let utteranceLanguage: [String?]
    /// Per utterance: the dialect cue words it contains.
    let cues: [[String]]
    let language: ReportLanguage
    /// The call's base language ("zh", "en"): the one it opened in.
    let mainLanguage: String
    /// Language tags of the dictionary's dialect categories.
    let dialects: Set<String>
    let hasAgent: Bool
    let hasCustomer: Bool
    /// Speech pace (rate relative to a typical rate for the script) per utterance, when measurable.
    let pace: [Double?]

    init(_ utterances: [Utterance], duration: Double, matcher: KeywordMatcher, tables: AnalysisTables,
         settings: AnalysisSettings) {
        self.utterances = utterances
        self.escalation = tables.escalation
        self.tables = tables
        self.starts = utterances.map(\.start)
        self.ends = utterances.map(\.end)
        self.speakers = utterances.map(\.speaker)
        self.matcher = matcher
        self.duration = duration
        self.dictionary = matcher.dictionary
        self.settings = settings
        var hits: [TimedHit] = []
        var counts: [TextScan.Counts] = []
        var pii: [[PIIMatch]] = []
        var languages: [String?] = []
        var cues: [[String]] = []
        var pace: [Double?] = []
        counts.reserveCapacity(utterances.count)
        var raw: [KeywordMatcher.Hit] = []
        var hasAgent = false, hasCustomer = false
        let categories = matcher.dictionary.categories
        let intent = tables.intent

        for i in utterances.indices {
            // Field by field: copying a whole Utterance retains five strings.
            let speaker = utterances[i].speaker
            if speaker == .agent { hasAgent = true }
            if speaker == .customer { hasCustomer = true }
            var text = utterances[i].normalizedText
            var spotted: [SpottedHit] = []
            var c = TextScan.Counts()
            // Lead bytes 0xE4...0xE9 start U+4E00...U+9FFF: only text with Han characters has a sound form.
            var sound = tables.phonetic != nil && text.utf8.contains { $0 >= 0xE4 && $0 <= 0xE9 }
                ? Pinyin.soundForm(text, settings.phoneticMatching ?? .exact) : nil
            text.withUTF8 { b in
                c = TextScan.counts(b)
                if sound != nil, let phonetic = tables.phonetic {
                    sound!.withUTF8 { sb in
                        spotted = Negation.spot(b, matcher: matcher, window: settings.negationWindow, intent: intent,
                                                raw: &raw, phonetic: phonetic, sound: sb)
                    }
                } else {
                    spotted = Negation.spot(b, matcher: matcher, window: settings.negationWindow, intent: intent, raw: &raw)
                }
            }
            // Recall first: a number the recogniser got a digit wrong is still flagged (PIIDetector).
            var asked: [PIIKind] = []
            if c.digits >= 8, let previous = utterances[..<i].lastIndex(where: { $0.speaker != speaker || speaker == .mixed }) {
                asked = PIICues.asked(in: utterances[previous].normalizedText)
            }
            let found = PIIDetector.find(in: text, asked: asked)  // its own pre-check skips most utterances
            counts.append(c)
            pii.append(found)

            var dialectWeight: [String: Double] = [:]
            var cueWords: [String] = []
            if !spotted.isEmpty {
                let mapping = TimeMapping(utterances[i])
                for h in spotted {
                    let category = categories[h.categoryIndex]
                    if h.role == .dialect, let tag = category.dialect {
                        dialectWeight[tag, default: 0] += category.terms[h.termIndex].weight
                        cueWords.append(category.terms[h.termIndex].text)
                    }
                    let t = mapping.span(h.scalarStart, h.scalarEnd, of: c.scalars)
                    hits.append(TimedHit(utterance: i, speaker: speaker, hit: h, start: t.start, end: t.end))
                }
            }
            cues.append(cueWords)

            // Language of this utterance: dialect cues first (the recogniser calls Sichuanese "zh"),
            // then the recogniser's tag, then the script.
            var lang: String?
            if let best = dialectWeight.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
               best.value >= settings.dialectMinCueWeight {
                lang = best.key
            } else {
                lang = UtteranceLanguage.plausible(tag: utterances[i].language, counts: c, allowed: settings.callLanguages)
            }
            languages.append(lang)

            // Pace relative to a typical rate, so Chinese and English turns of one speaker compare.
            let duration = utterances[i].duration
            let minutes = duration / 60
            if duration >= 1, minutes > 0 {
                let chinese = c.han >= c.words
                let units = Double(chinese ? c.han : c.words)
                pace.append(units >= 3 ? units / minutes / (chinese ? 240 : 150) : nil)
            } else {
                pace.append(nil)
            }
        }
        self.hits = hits
        self.counts = counts
        self.pii = pii
        self.utteranceLanguage = UtteranceLanguage.settleShort(languages, utterances, counts, settings: settings)
        self.cues = cues
        self.pace = pace
        self.hasAgent = hasAgent
        self.hasCustomer = hasCustomer
        // The call's language is the one it opened in (the agent's greeting sets it); the dictionary's
        // dialects are Chinese ones.
        let dialects = tables.dialects
        var main = settings.primaryLanguage
        if let first = languages.first(where: { $0 != nil }) ?? nil {
            main = dialects.contains(first) || first == "yue" ? "zh" : first
        }
        self.mainLanguage = main
        self.dialects = dialects
        self.language = main == "en" ? .english : .chinese
    }

    /// Customer side of the call: the customer channel, or everyone in a mono recording.
    func isCustomerSide(_ s: Speaker) -> Bool { s.speaks(for: .customer, sideRecorded: hasCustomer) }
    /// Agent side of the call: the agent channel, or everyone in a mono recording.
    func isAgentSide(_ s: Speaker) -> Bool { s.speaks(for: .agent, sideRecorded: hasAgent) }

    func rootPattern(_ p: Int) -> Int { matcher.patterns[p].root }
    func patternText(_ p: Int) -> String {
        let pattern = matcher.patterns[p]
        return dictionary.categories[pattern.categoryIndex].terms[pattern.termIndex].text
    }
    func category(of h: TimedHit) -> KeywordCategory { dictionary.categories[h.hit.categoryIndex] }
    func term(of h: TimedHit) -> String { dictionary.categories[h.hit.categoryIndex].terms[h.hit.termIndex].text }
    /// The utterance's text where the hit is (normalised), as the recogniser wrote it.
    func text(of h: TimedHit) -> String {
        let scalars = utterances[h.utterance].normalizedText.unicodeScalars
        let lo = scalars.index(scalars.startIndex, offsetBy: h.hit.scalarStart)
        let hi = scalars.index(scalars.startIndex, offsetBy: h.hit.scalarEnd)
        return String(scalars[lo..<hi])
    }
}

extension CallFacts {
    /// The facts a QA form is evaluated over: every turn's timing and text, every term heard (not negated).
    var formFacts: FormFacts {
        let turns = utterances.indices.map { i in
            FormFacts.Turn(speaker: speakers[i], start: starts[i], end: ends[i], han: counts[i].han,
                           words: counts[i].words, text: utterances[i].normalizedText)
        }
        let found = hits.filter { !$0.negated && $0.hit.role != .negation }.map {
            FormFacts.Hit(category: $0.hit.categoryIndex, turn: $0.utterance, start: $0.start, end: $0.end, term: term(of: $0))
        }
        return FormFacts(duration: duration, language: mainLanguage, turns: turns,
                         categories: dictionary.categories.map(\.name), hits: found)
    }
}
