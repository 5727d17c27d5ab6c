/// Every threshold and score weight analysis uses, with defaults a call centre can start from.
///
/// Stored beside the dictionary; changing it is a rescore, never a re-transcription.
public struct AnalysisSettings: Codable, Sendable, Hashable {
    // MARK: Timing

    /// No one speaking for at least this long (seconds) is a long silence.
    public var longSilence: Double = 5
    /// The agent starting this long (seconds) after a customer turn ends is a slow response.
    public var slowResponse: Double = 6
    /// Both channels speaking at once for at least this long (seconds) is overtalk.
    public var overtalk: Double = 1

    // MARK: Speech rate (per utterance)

    /// Chinese characters per minute above which speech is too fast / below which too slow.
    public var fastCharsPerMinute: Double = 330
    public var slowCharsPerMinute: Double = 150
    /// English words per minute above which speech is too fast / below which too slow.
    public var fastWordsPerMinute: Double = 230
    public var slowWordsPerMinute: Double = 70
    /// Rate is only judged on utterances at least this long (seconds) with at least this many units,
    /// because a two-word reply says nothing about pace.
    public var rateMinDuration: Double = 2.5
    public var rateMinUnits: Int = 8

    // MARK: Keywords

    /// A negation word at most this many units (Chinese characters or English words) before a term cancels it.
    public var negationWindow: Int = 3
    /// The negation words that also cancel a business term: not wanting it (不要退款, "don't want a refund"),
    /// unlike 没有退款 ("no refund yet"), which is still about a refund.
    public var intentNegations: [String] = ["不", "不要", "不用", "不需要", "不想", "别", "don't", "do not"]
    /// The same negative category said this many times by the customer within `repetitionWindow` is a burst.
    public var repetitionCount: Int = 3
    public var repetitionWindow: Double = 60
    /// Total cue weight an utterance needs to be tagged with a dialect.
    public var dialectMinCueWeight: Double = 1
    /// The language assumed when a call gives no evidence either way. Segments in a language other than
    /// the call's main one, and every dialect segment, get language markers.
    public var primaryLanguage: String = "zh"
    /// The languages this centre's calls are in: a recogniser's tag outside them (Whisper hears "la" in a
    /// garbled English turn) is replaced by what the script says. Dialect tags come from cue words.
    public var callLanguages: [String] = ["zh", "en", "yue"]
    /// An utterance shorter than this (seconds) or with fewer than `languageMinUnits` characters or words
    /// takes the language of the utterances around it, unless its script says otherwise.
    public var languageMinDuration: Double = 2
    public var languageMinUnits: Int = 4

    // MARK: Emotion evidence (when the model gives no emotion tag)

    /// Summed category weight of a customer utterance's negative keywords that alone marks it angry
    /// (one 投诉, or two 不满).
    public var angerWeight: Double = 4
    /// Negative weight that marks an utterance angry when it also sounds agitated: an exclamation mark
    /// in the transcript, or speech faster than `agitatedRateRatio` × the speaker's own median pace.
    public var agitatedAngerWeight: Double = 1
    public var agitatedRateRatio: Double = 1.3
    /// Agitation heard in the voice alone: this many semitones higher and decibels louder than the speaker's
    /// calm voice in the call (both), or 60 % of each with a fast pace. Utterances shorter than
    /// `agitationMinDuration` seconds are not judged (too little voice to measure).
    public var agitatedSemitones: Double = 1.5
    public var agitatedDecibels: Double = 4
    /// A voice raised this much makes a complaint word (weight ≥ `agitatedAngerWeight`) anger.
    public var raisedSemitones: Double = 1.0
    public var raisedDecibels: Double = 2
    public var agitationMinDuration: Double = 2.5

    // MARK: Risk and resolution

    /// Non-negated customer negative hits that raise the risk flag.
    public var riskNegativeHits: Int = 3
    /// Categories any hit of which raises the risk flag.
    public var riskCategories: [String] = ["投诉"]
    /// The positive category whose hits confirm a resolution for first-contact resolution.
    public var resolutionCategory: String = "解决问题"
    /// Agent phrases that hand the problem on (to a supervisor, a back office, a call-back): the call is
    /// "escalated" rather than "unresolved" when no confirmation follows.
    public var escalationPhrases: [String] = [
        "升级", "主管", "回电", "上报", "转交", "专员", "后台处理", "工单",
        "escalate", "supervisor will", "manager will", "call you back", "will contact you", "ticket",
        "sent it to the", "passed it to", "forwarded",
    ]

    // MARK: Phonetic matching

    /// Chinese terms of 2+ syllables also match text that sounds the same (the recogniser's homophones:
    /// 推款 for 退款); nil turns it off.
    public var phoneticMatching: Pinyin.Closeness? = .fuzzy
    /// A term heard by sound counts this much of its weight in the score.
    public var phoneticWeight: Double = 0.75

    /// Points of the score.
    public var weights: ScoreWeights = .init()

    public init() {}

    /// Missing keys keep their defaults, so settings stored by an older version still load.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AnalysisSettings()
        longSilence = try c.decodeIfPresent(Double.self, forKey: .longSilence) ?? d.longSilence
        slowResponse = try c.decodeIfPresent(Double.self, forKey: .slowResponse) ?? d.slowResponse
        overtalk = try c.decodeIfPresent(Double.self, forKey: .overtalk) ?? d.overtalk
        fastCharsPerMinute = try c.decodeIfPresent(Double.self, forKey: .fastCharsPerMinute) ?? d.fastCharsPerMinute
        slowCharsPerMinute = try c.decodeIfPresent(Double.self, forKey: .slowCharsPerMinute) ?? d.slowCharsPerMinute
        fastWordsPerMinute = try c.decodeIfPresent(Double.self, forKey: .fastWordsPerMinute) ?? d.fastWordsPerMinute
        slowWordsPerMinute = try c.decodeIfPresent(Double.self, forKey: .slowWordsPerMinute) ?? d.slowWordsPerMinute
        rateMinDuration = try c.decodeIfPresent(Double.self, forKey: .rateMinDuration) ?? d.rateMinDuration
        rateMinUnits = try c.decodeIfPresent(Int.self, forKey: .rateMinUnits) ?? d.rateMinUnits
        negationWindow = try c.decodeIfPresent(Int.self, forKey: .negationWindow) ?? d.negationWindow
        intentNegations = try c.decodeIfPresent([String].self, forKey: .intentNegations) ?? d.intentNegations
        repetitionCount = try c.decodeIfPresent(Int.self, forKey: .repetitionCount) ?? d.repetitionCount
        repetitionWindow = try c.decodeIfPresent(Double.self, forKey: .repetitionWindow) ?? d.repetitionWindow
        dialectMinCueWeight = try c.decodeIfPresent(Double.self, forKey: .dialectMinCueWeight) ?? d.dialectMinCueWeight
        primaryLanguage = try c.decodeIfPresent(String.self, forKey: .primaryLanguage) ?? d.primaryLanguage
        callLanguages = try c.decodeIfPresent([String].self, forKey: .callLanguages) ?? d.callLanguages
        languageMinDuration = try c.decodeIfPresent(Double.self, forKey: .languageMinDuration) ?? d.languageMinDuration
        languageMinUnits = try c.decodeIfPresent(Int.self, forKey: .languageMinUnits) ?? d.languageMinUnits
        angerWeight = try c.decodeIfPresent(Double.self, forKey: .angerWeight) ?? d.angerWeight
        agitatedAngerWeight = try c.decodeIfPresent(Double.self, forKey: .agitatedAngerWeight) ?? d.agitatedAngerWeight
        agitatedRateRatio = try c.decodeIfPresent(Double.self, forKey: .agitatedRateRatio) ?? d.agitatedRateRatio
        agitatedSemitones = try c.decodeIfPresent(Double.self, forKey: .agitatedSemitones) ?? d.agitatedSemitones
        agitatedDecibels = try c.decodeIfPresent(Double.self, forKey: .agitatedDecibels) ?? d.agitatedDecibels
        agitationMinDuration = try c.decodeIfPresent(Double.self, forKey: .agitationMinDuration) ?? d.agitationMinDuration
        raisedSemitones = try c.decodeIfPresent(Double.self, forKey: .raisedSemitones) ?? d.raisedSemitones
        raisedDecibels = try c.decodeIfPresent(Double.self, forKey: .raisedDecibels) ?? d.raisedDecibels
        riskNegativeHits = try c.decodeIfPresent(Int.self, forKey: .riskNegativeHits) ?? d.riskNegativeHits
        riskCategories = try c.decodeIfPresent([String].self, forKey: .riskCategories) ?? d.riskCategories
        resolutionCategory = try c.decodeIfPresent(String.self, forKey: .resolutionCategory) ?? d.resolutionCategory
        escalationPhrases = try c.decodeIfPresent([String].self, forKey: .escalationPhrases) ?? d.escalationPhrases
        phoneticMatching = c.contains(.phoneticMatching)
            ? try c.decodeIfPresent(Pinyin.Closeness.self, forKey: .phoneticMatching) : d.phoneticMatching
        phoneticWeight = try c.decodeIfPresent(Double.self, forKey: .phoneticWeight) ?? d.phoneticWeight
        weights = try c.decodeIfPresent(ScoreWeights.self, forKey: .weights) ?? d.weights
    }
}

/// How many points each kind of evidence is worth. Keyword points are multiplied by the category's and
/// the term's weights from the dictionary.
public struct ScoreWeights: Codable, Sendable, Hashable {
    /// Where every call starts.
    public var base: Double = 70
    /// Per unit of weight of a customer's negative keyword (subtracted) / positive keyword (added).
    public var negativeKeyword: Double = 2
    public var positiveKeyword: Double = 1
    /// Emotion markers (model tag or keyword/prosody evidence).
    public var negativeEmotion: Double = 3
    public var positiveEmotion: Double = 2
    public var longSilence: Double = 2
    public var slowResponse: Double = 4
    /// Overtalk started by the agent (interrupting the customer).
    public var agentOvertalk: Double = 3
    /// Agent speaking too fast or too slow.
    public var agentSpeechRate: Double = 1
    public var repetitionBurst: Double = 5
    /// The agent reading out personal data (customers giving theirs is normal).
    public var agentPII: Double = 3
    /// First-contact resolution (problem stated, resolved, confirmed).
    public var resolved: Double = 10
    /// Caps on the sums of keyword points, so one long rant cannot alone decide the score.
    public var maxKeywordLoss: Double = 30
    public var maxKeywordGain: Double = 10

    public init() {}

    /// Missing keys keep their defaults, so settings stored by an older version still load.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ScoreWeights()
        base = try c.decodeIfPresent(Double.self, forKey: .base) ?? d.base
        negativeKeyword = try c.decodeIfPresent(Double.self, forKey: .negativeKeyword) ?? d.negativeKeyword
        positiveKeyword = try c.decodeIfPresent(Double.self, forKey: .positiveKeyword) ?? d.positiveKeyword
        negativeEmotion = try c.decodeIfPresent(Double.self, forKey: .negativeEmotion) ?? d.negativeEmotion
        positiveEmotion = try c.decodeIfPresent(Double.self, forKey: .positiveEmotion) ?? d.positiveEmotion
        longSilence = try c.decodeIfPresent(Double.self, forKey: .longSilence) ?? d.longSilence
        slowResponse = try c.decodeIfPresent(Double.self, forKey: .slowResponse) ?? d.slowResponse
        agentOvertalk = try c.decodeIfPresent(Double.self, forKey: .agentOvertalk) ?? d.agentOvertalk
        agentSpeechRate = try c.decodeIfPresent(Double.self, forKey: .agentSpeechRate) ?? d.agentSpeechRate
        repetitionBurst = try c.decodeIfPresent(Double.self, forKey: .repetitionBurst) ?? d.repetitionBurst
        agentPII = try c.decodeIfPresent(Double.self, forKey: .agentPII) ?? d.agentPII
        resolved = try c.decodeIfPresent(Double.self, forKey: .resolved) ?? d.resolved
        maxKeywordLoss = try c.decodeIfPresent(Double.self, forKey: .maxKeywordLoss) ?? d.maxKeywordLoss
        maxKeywordGain = try c.decodeIfPresent(Double.self, forKey: .maxKeywordGain) ?? d.maxKeywordGain
    }
}
