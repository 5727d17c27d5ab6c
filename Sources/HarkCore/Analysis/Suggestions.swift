/// Concrete, timed coaching advice from a call's markers, in the call's language, most important first
/// (then by time), at most `limit` lines.
public enum Suggestions {
    public static func make(_ markers: [Marker], score: Score, language: ReportLanguage,
                            settings: AnalysisSettings = .init(), limit: Int = 6) -> [String] {
        // Rank first, word only the few that are kept: a call can have dozens of markers.
        var candidates: [(priority: Int, at: Double, index: Int)] = []
        var complained = false
        var repeated: [String] = []
        for (i, m) in markers.enumerated() {
            var priority: Int?
            switch m.kind {
            case .slowResponse: priority = 3
            case .keyword where m.polarity == .negative && !m.negated && settings.riskCategories.contains(m.category) && !complained:
                complained = true
                priority = 4
            case .repetition where !repeated.contains(m.category):
                repeated.append(m.category)
                priority = 3
            case .compliance where m.isMissingCompliance: priority = 3
            case .compliance where m.isOutOfOrderCompliance: priority = 2
            case .overtalk where m.speaker == .agent: priority = 2
            case .silence: priority = 1
            case .speechRate where m.speaker == .agent: priority = 1
            case .pii where m.polarity == .negative: priority = 2
            case .resolution where m.category == "unresolved": priority = 2
            default: break
            }
            if let priority { candidates.append((priority, m.start, i)) }
        }
        candidates.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.at < $1.at }
        var out: [String] = []
        for c in candidates where out.count < limit {
            let line = text(markers[c.index], language)
            if !out.contains(line) { out.append(line) }
        }
        return out
    }

    /// The advice for one marker.
    static func text(_ m: Marker, _ lang: ReportLanguage) -> String {
        let at = Format.duration(m.start)
        switch m.kind {
        case .slowResponse:
            let wait = Int((m.end - m.start).rounded())
            let topic = m.matchedText
            let zh = topic.isEmpty
                ? "客户在 \(at) 说完后，坐席 \(wait) 秒后才回应，建议优化响应流程"
                : "客户在 \(at) 提出\(topic)，坐席 \(wait) 秒后才回应，建议优化响应流程"
            let en = topic.isEmpty
                ? "At \(at) the customer finished speaking and the agent answered \(wait) s later; respond sooner or say what you are checking."
                : "At \(at) the customer raised \(lang.category(topic)) and the agent answered \(wait) s later; respond sooner or say what you are checking."
            return lang.pick(zh, en)
        case .keyword:
            return lang.pick(
                "客户在 \(at) 表示“\(m.matchedText)”，存在投诉风险，建议主管尽快回访",
                "At \(at) the customer said \"\(m.matchedText)\"; this is a complaint risk, a supervisor should call back soon.")
        case .repetition:
            return lang.pick(
                "客户从 \(at) 起反复表达\(m.category)（\(m.matchedText)），建议先安抚情绪并给出明确处理方案",
                "From \(at) the customer repeatedly expressed \(lang.category(m.category)) (\(m.matchedText)); acknowledge it and give a concrete next step.")
        case .compliance where m.isMissingCompliance:
            return lang.pick(
                "通话中缺少\(m.category)，建议按规范话术补充",
                "\(capitalized(lang.category(m.category))) was missing; follow the script.")
        case .compliance:
            return lang.pick(
                "\(at) 的\(m.category)顺序不当（\(m.explanation)），建议先完成身份核验再办理业务",
                "At \(at) \(lang.category(m.category)) came out of order; verify identity before discussing the account.")
        case .overtalk:
            return lang.pick(
                "坐席在 \(at) 打断客户 \(seconds1(m.end - m.start)) 秒，建议耐心听完再回应",
                "At \(at) the agent talked over the customer for \(seconds1(m.end - m.start)) s; let the customer finish.")
        case .silence:
            return lang.pick(
                "\(at) 出现 \(Int((m.end - m.start).rounded())) 秒静默，建议查询时告知客户进度",
                "At \(at) there were \(Int((m.end - m.start).rounded())) s of silence; tell the customer what you are doing while they wait.")
        case .speechRate:
            let fast = m.category == "fast"
            return lang.pick(
                "坐席在 \(at) 语速过\(fast ? "快" : "慢")（\(m.matchedText)），建议\(fast ? "放慢语速" : "保持流畅")",
                "At \(at) the agent spoke too \(fast ? "fast" : "slowly") (\(m.matchedText)); \(fast ? "slow down" : "keep a steady pace").")
        case .pii:
            let what = PIIMarkers.name(PIIKind(rawValue: m.category) ?? .phone, lang)
            return lang.pick(
                "坐席在 \(at) 说出完整的\(what)，建议避免复述客户敏感信息",
                "At \(at) the agent read out \(what) in full; avoid repeating personal data.")
        default:
            return lang.pick(
                "客户提出的“\(m.matchedText)”未确认解决，建议结束前确认问题是否已解决",
                "The customer's \"\(m.matchedText)\" was not confirmed solved; check before closing the call.")
        }
    }

    private static func capitalized(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }
}
