import HarkCore

/// Hand-written calls for analysis tests.
enum Fixture {
    static func agent(_ start: Double, _ end: Double, _ text: String, language: String? = nil,
                      emotion: String? = nil, tokens: [TimedToken] = []) -> Utterance {
        Utterance(speaker: .agent, channel: 0, start: start, end: end, text: text, language: language,
                  emotion: emotion, tokens: tokens)
    }

    static func customer(_ start: Double, _ end: Double, _ text: String, language: String? = nil,
                         emotion: String? = nil, tokens: [TimedToken] = []) -> Utterance {
        Utterance(speaker: .customer, channel: 1, start: start, end: end, text: text, language: language,
                  emotion: emotion, tokens: tokens)
    }

    static func analyze(_ us: [Utterance], settings: AnalysisSettings = .init()) -> CallAnalysis {
        Analyzer(dictionary: .standard, settings: settings).analyze(us, duration: (us.map(\.end).max() ?? 0) + 1)
    }

    /// A well-run Mandarin call: greeting, identity check, risk notice, problem solved, confirmed, closing.
    static let goodCall: [Utterance] = [
        agent(0, 4, "您好，很高兴为您服务，请问有什么可以帮您？"),
        customer(4.5, 8, "你好，我想咨询一下理财产品怎么用。"),
        agent(8, 12.4, "好的，先核实一下您的身份，请提供身份证后四位。"),
        customer(12.5, 14, "后四位是三五七二。"),
        agent(14.5, 20, "核实好了。这款产品有一定风险，请您知悉，已经为您开通。"),
        customer(20.5, 23, "好的，明白了，谢谢，很满意。"),
        agent(23.5, 27, "还有什么可以帮您？感谢您的来电，再见。"),
    ]
}

extension CallAnalysis {
    func markers(_ kind: MarkerKind) -> [Marker] { markers.filter { $0.kind == kind } }
}
