/// Concrete, timed coaching advice from a call's markers, in the call's language, most important first
/// (then by time), at most `limit` lines.
public enum Suggestions {
    public static func make(_ markers: [Marker], score: Score, language: ReportLanguage,
                            settings: AnalysisSettings = .init(), limit: Int = 6) -> [String] {
        let lang = language
        var items: [(priority: Int, at: Double, text: String)] = []
        var complained = false
        var repeated = Set<String>()
        for m in markers {
            let at = clockTime(m.start)
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
                items.append((3, m.start, lang.pick(zh, en)))
            case .keyword where m.polarity == .negative && !m.negated && settings.riskCategories.contains(m.category) && !complained:
                complained = true
                items.append((4, m.start, lang.pick(
                    "客户在 \(at) 表示“\(m.matchedText)”，存在投诉风险，建议主管尽快回访",
                    "At \(at) the customer said \"\(m.matchedText)\"; this is a complaint risk, a supervisor should call back soon.")))
            case .repetition where repeated.insert(m.category).inserted:
                items.append((3, m.start, lang.pick(
                    "客户从 \(at) 起反复表达\(m.category)（\(m.matchedText)），建议先安抚情绪并给出明确处理方案",
                    "From \(at) the customer repeatedly expressed \(lang.category(m.category)) (\(m.matchedText)); acknowledge it and give a concrete next step.")))
            case .compliance where m.isMissingCompliance:
                items.append((3, m.start, lang.pick(
                    "通话中缺少\(m.category)，建议按规范话术补充",
                    "\(capitalized(lang.category(m.category))) was missing; follow the script.")))
            case .compliance where m.isOutOfOrderCompliance:
                items.append((2, m.start, lang.pick(
                    "\(at) 的\(m.category)顺序不当（\(m.explanation)），建议先完成身份核验再办理业务",
                    "At \(at) \(lang.category(m.category)) came out of order; verify identity before discussing the account.")))
            case .overtalk where m.speaker == .agent:
                items.append((2, m.start, lang.pick(
                    "坐席在 \(at) 打断客户 \(seconds1(m.end - m.start)) 秒，建议耐心听完再回应",
                    "At \(at) the agent talked over the customer for \(seconds1(m.end - m.start)) s; let the customer finish.")))
            case .silence:
                items.append((1, m.start, lang.pick(
                    "\(at) 出现 \(Int((m.end - m.start).rounded())) 秒静默，建议查询时告知客户进度",
                    "At \(at) there were \(Int((m.end - m.start).rounded())) s of silence; tell the customer what you are doing while they wait.")))
            case .speechRate where m.speaker == .agent:
                let fast = m.category == "fast"
                items.append((1, m.start, lang.pick(
                    "坐席在 \(at) 语速过\(fast ? "快" : "慢")（\(m.matchedText)），建议\(fast ? "放慢语速" : "保持流畅")",
                    "At \(at) the agent spoke too \(fast ? "fast" : "slowly") (\(m.matchedText)); \(fast ? "slow down" : "keep a steady pace").")))
            case .pii where m.polarity == .negative:
                items.append((2, m.start, lang.pick(
                    "坐席在 \(at) 说出完整的\(PIIMarkers.name(PIIKind(rawValue: m.category) ?? .phone, lang))，建议避免复述客户敏感信息",
                    "At \(at) the agent read out \(PIIMarkers.name(PIIKind(rawValue: m.category) ?? .phone, lang)) in full; avoid repeating personal data.")))
            case .resolution where m.category == "unresolved":
                items.append((2, m.start, lang.pick(
                    "客户提出的“\(m.matchedText)”未确认解决，建议结束前确认问题是否已解决",
                    "The customer's \"\(m.matchedText)\" was not confirmed solved; check before closing the call.")))
            default:
                break
            }
        }
        items.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.at < $1.at }
        var seen = Set<String>()
        return items.map(\.text).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    private static func capitalized(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }
}
