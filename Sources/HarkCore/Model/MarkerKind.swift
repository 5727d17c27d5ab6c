/// What a marker flags.
///
/// Every kind is declared once, in `spec` below: its stored bit, its names, how it scores and what it
/// suggests. The switch there has no `default`, so a new case does not compile until each of those is decided;
/// nothing else in HarkCore or HarkStore switches over kinds. The raw values are what the store keeps.
public enum MarkerKind: String, Codable, Sendable, Hashable, CaseIterable {
    case keyword
    case emotion
    case language
    case silence
    case slowResponse = "slow_response"
    case speechRate = "speech_rate"
    case overtalk
    case repetition
    case compliance
    case pii
    case resolution
}

/// One marker kind's declaration (`MarkerKind.spec`).
public struct MarkerKindSpec: Sendable {
    /// The kind's bit in `call.marker_mask`. Frozen: stored calls were written with it, so an existing kind
    /// never changes bit and a new kind takes an unused one (0...62), wherever its case is declared.
    public let maskBit: Int
    /// What people read (lists, filters, reports): "slow response".
    public let label: String
    /// The short flag a call list shows for a call with one ("sil"), nil when the list shows none.
    public let tag: String?
    /// Points the marker earns or costs the call (0: none), keeping what scoring counts across markers in
    /// `tally`.
    let points: @Sendable (Marker, inout ScoreTally) -> Double
    /// The coaching advice it can give; nil when the kind never gives any.
    let advice: Advice?

    /// How a marker of this kind becomes a suggestion.
    struct Advice: Sendable {
        /// How urgent (higher first), or nil when this marker gives no advice; `tally` keeps what was already
        /// advised so one finding is not said twice.
        let priority: @Sendable (Marker, inout SuggestionTally) -> Int?
        /// The line itself, in the call's language.
        let text: @Sendable (Marker, ReportLanguage) -> String
    }
}

extension MarkerKind {
    /// The kind's declaration. To add a kind: a case above, one entry here with an unused bit, a detector, and
    /// a bump of `Analyzer.version` so stored calls are re-analysed and get it.
    public var spec: MarkerKindSpec {
        switch self {
        case .keyword:
            return MarkerKindSpec(maskBit: 0, label: "keyword", tag: nil, points: { m, t in
                guard !m.negated && t.customerSide(m.speaker) else { return 0 }
                let w = t.settings.weights
                switch m.polarity {
                case .negative:
                    t.negativeHits += 1
                    if t.settings.riskCategories.contains(m.category) { t.risk = true }
                    let p = max(0, min(w.negativeKeyword * t.keywordWeight(m), w.maxKeywordLoss - t.keywordLoss))
                    t.keywordLoss += p
                    t.moodSwing(m, by: -1)
                    return -p
                case .positive:
                    let p = max(0, min(w.positiveKeyword * t.keywordWeight(m), w.maxKeywordGain - t.keywordGain))
                    t.keywordGain += p
                    t.moodSwing(m, by: 1)
                    return p
                case .neutral:
                    return 0
                }
            }, advice: .init(priority: { m, t in
                // One complaint-risk line per call: the first is the one to call back about.
                guard m.polarity == .negative, !m.negated, t.settings.riskCategories.contains(m.category),
                      !t.complained else { return nil }
                t.complained = true
                return 4
            }, text: { m, lang in
                lang.pick("客户在 \(Format.duration(m.start)) 表示“\(m.matchedText)”，存在投诉风险，建议主管尽快回访",
                          "At \(Format.duration(m.start)) the customer said \"\(m.matchedText)\"; this is a complaint risk, a supervisor should call back soon.")
            }))
        case .emotion:
            return MarkerKindSpec(maskBit: 1, label: "emotion", tag: nil, points: { m, t in
                let w = t.settings.weights
                switch m.polarity {
                case .negative:
                    if m.speaker != .agent { t.moodSwing(m, by: -1) }
                    return -w.negativeEmotion
                case .positive:
                    if m.speaker != .agent { t.moodSwing(m, by: 1) }
                    return w.positiveEmotion
                case .neutral:
                    return 0
                }
            }, advice: nil)
        case .language:
            return MarkerKindSpec(maskBit: 2, label: "language", tag: nil, points: { _, _ in 0 }, advice: nil)
        case .silence:
            return MarkerKindSpec(maskBit: 3, label: "silence", tag: "sil", points: { m, t in
                // A gap already charged as a slow response is not charged twice.
                t.overlapsSlowResponse(m) ? 0 : -t.settings.weights.longSilence
            }, advice: .init(priority: { _, _ in 1 }, text: { m, lang in
                let at = Format.duration(m.start), gap = Int((m.end - m.start).rounded())
                return lang.pick("\(at) 出现 \(gap) 秒静默，建议查询时告知客户进度",
                                 "At \(at) there were \(gap) s of silence; tell the customer what you are doing while they wait.")
            }))
        case .slowResponse:
            return MarkerKindSpec(maskBit: 4, label: "slow response", tag: "slow", points: { _, t in
                -t.settings.weights.slowResponse
            }, advice: .init(priority: { _, _ in 3 }, text: { m, lang in
                let at = Format.duration(m.start), wait = Int((m.end - m.start).rounded())
                let topic = m.matchedText
                let zh = topic.isEmpty
                    ? "客户在 \(at) 说完后，坐席 \(wait) 秒后才回应，建议优化响应流程"
                    : "客户在 \(at) 提出\(topic)，坐席 \(wait) 秒后才回应，建议优化响应流程"
                let en = topic.isEmpty
                    ? "At \(at) the customer finished speaking and the agent answered \(wait) s later; respond sooner or say what you are checking."
                    : "At \(at) the customer raised \(lang.category(topic)) and the agent answered \(wait) s later; respond sooner or say what you are checking."
                return lang.pick(zh, en)
            }))
        case .speechRate:
            return MarkerKindSpec(maskBit: 5, label: "speech rate", tag: nil, points: { m, t in
                m.speaker == .agent ? -t.settings.weights.agentSpeechRate : 0
            }, advice: .init(priority: { m, _ in m.speaker == .agent ? 1 : nil }, text: { m, lang in
                let fast = m.category == "fast"
                return lang.pick(
                    "坐席在 \(Format.duration(m.start)) 语速过\(fast ? "快" : "慢")（\(m.matchedText)），建议\(fast ? "放慢语速" : "保持流畅")",
                    "At \(Format.duration(m.start)) the agent spoke too \(fast ? "fast" : "slowly") (\(m.matchedText)); \(fast ? "slow down" : "keep a steady pace").")
            }))
        case .overtalk:
            return MarkerKindSpec(maskBit: 6, label: "overtalk", tag: nil, points: { m, t in
                m.speaker == .agent ? -t.settings.weights.agentOvertalk : 0
            }, advice: .init(priority: { m, _ in m.speaker == .agent ? 2 : nil }, text: { m, lang in
                lang.pick("坐席在 \(Format.duration(m.start)) 打断客户 \(seconds1(m.end - m.start)) 秒，建议耐心听完再回应",
                          "At \(Format.duration(m.start)) the agent talked over the customer for \(seconds1(m.end - m.start)) s; let the customer finish.")
            }))
        case .repetition:
            return MarkerKindSpec(maskBit: 7, label: "repetition", tag: nil, points: { _, t in
                -t.settings.weights.repetitionBurst
            }, advice: .init(priority: { m, t in
                guard !t.repeated.contains(m.category) else { return nil }
                t.repeated.append(m.category)
                return 3
            }, text: { m, lang in
                lang.pick("客户从 \(Format.duration(m.start)) 起反复表达\(m.category)（\(m.matchedText)），建议先安抚情绪并给出明确处理方案",
                          "From \(Format.duration(m.start)) the customer repeatedly expressed \(lang.category(m.category)) (\(m.matchedText)); acknowledge it and give a concrete next step.")
            }))
        case .compliance:
            // Written by Analyzer 1–2, which judged compliance without forms; those calls are re-analysed
            // (version 3), and compliance is now each call's QA form result (`CallAnalysis.form`).
            return MarkerKindSpec(maskBit: 8, label: "compliance", tag: nil, points: { _, _ in 0 }, advice: nil)
        case .pii:
            return MarkerKindSpec(maskBit: 9, label: "personal data", tag: nil, points: { m, t in
                m.polarity == .negative ? -t.settings.weights.agentPII : 0
            }, advice: .init(priority: { m, _ in m.polarity == .negative ? 2 : nil }, text: { m, lang in
                let what = PIIMarkers.name(PIIKind(rawValue: m.category) ?? .phone, lang)
                return lang.pick("坐席在 \(Format.duration(m.start)) 说出完整的\(what)，建议避免复述客户敏感信息",
                                 "At \(Format.duration(m.start)) the agent read out \(what) in full; avoid repeating personal data.")
            }))
        case .resolution:
            return MarkerKindSpec(maskBit: 10, label: "resolution", tag: nil, points: { m, t in
                m.category == "resolved" ? t.settings.weights.resolved : 0
            }, advice: .init(priority: { m, _ in m.category == "unresolved" ? 2 : nil }, text: { m, lang in
                lang.pick("客户提出的“\(m.matchedText)”未确认解决，建议结束前确认问题是否已解决",
                          "The customer's \"\(m.matchedText)\" was not confirmed solved; check before closing the call.")
            }))
        }
    }
}

