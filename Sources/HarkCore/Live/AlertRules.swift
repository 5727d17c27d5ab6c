import Foundation

/// Which events in a call alert someone at once, and what each alert says. Each rule fires once per call:
/// the store keeps what fired, so a restart or a second look at the same call never repeats one.
public struct AlertRules: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// The customer says a term of a negative category weighing at least `minWeight` (投诉 in the default
        /// dictionary). On a mono call not yet split into voices, anyone saying it counts: the customer cannot
        /// be told apart yet, and a missed complaint costs more than a second look.
        case complaint
        /// The call's experience score turns risky (enough negative hits).
        case risk
        /// A critical item of the call's QA form fails. While the call is live only a failure that happened
        /// (a forbidden phrase said) counts; "never said" is only known when the call ends.
        case critical
    }

    public var enabled: Set<Kind>
    public var minWeight: Double

    public init(enabled: Set<Kind> = Set(Kind.allCases), minWeight: Double = 4) {
        self.enabled = enabled
        self.minWeight = minWeight
    }

    /// The alerts `analysis` calls for that have not fired yet (`fired`: rule names), in call-time order.
    public func alerts(call: Call, utterances: [Utterance], analysis: CallAnalysis, dictionary: KeywordDictionary,
                       live: Bool, fired: Set<String>, now: Date = Date()) -> [Alert] {
        func alert(_ kind: Kind, category: String?, text: String, at: Double) -> Alert {
            Alert(call: call.id, path: call.path, agent: call.metadata.agent, queue: call.metadata.queue,
                  rule: kind.rawValue, category: category, text: Redactor.redact(text), at: at,
                  firedAt: now.timeIntervalSince1970, live: live)
        }
        func said(_ marker: Marker) -> String {
            marker.utteranceIndex.flatMap { $0 < utterances.count ? utterances[$0].text : nil } ?? marker.matchedText
        }
        var out: [Alert] = []
        let weights = Dictionary(dictionary.categories.map { ($0.name, $0.weight) }, uniquingKeysWith: { a, _ in a })
        let negative = analysis.markers.filter {
            $0.kind == .keyword && $0.polarity == .negative && !$0.negated && $0.speaker != .agent
        }
        if enabled.contains(.complaint), !fired.contains(Kind.complaint.rawValue),
           let hit = negative.first(where: { (weights[$0.category] ?? 0) >= minWeight }) {
            out.append(alert(.complaint, category: hit.category, text: said(hit), at: hit.start))
        }
        if enabled.contains(.risk), !fired.contains(Kind.risk.rawValue), analysis.score.risk {
            // The hit that tipped it: the latest negative one so far.
            let last = negative.max { $0.start < $1.start }
            out.append(alert(.risk, category: last?.category, text: last.map(said) ?? "",
                             at: last?.start ?? utterances.last?.end ?? 0))
        }
        if enabled.contains(.critical), !fired.contains(Kind.critical.rawValue), let form = analysis.form,
           let item = form.items.first(where: { $0.critical && $0.outcome == .failed && (!live || $0.at != nil) }) {
            out.append(alert(.critical, category: item.id, text: "\(item.title): \(item.evidence)",
                             at: item.at ?? utterances.last?.end ?? call.duration))
        }
        return out.sorted { $0.at < $1.at }
    }
}
