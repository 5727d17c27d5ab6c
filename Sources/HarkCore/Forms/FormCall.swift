import Foundation

/// One call as a form sees it: where each kind of thing a condition tests happens, narrowed by who and when.
struct FormCall {
    /// Where something a condition tests happened.
    struct Occurrence {
        var start: Double
        var end: Double
        var turn: Int?
        var evidence: String
        /// A property of the whole call (direction, language): no time window applies to it.
        var wholeCall = false
    }

    /// Who and when, inherited by the tables inside `all` / `any` unless they say otherwise.
    struct Scope {
        var role: FormRole = .any
        var first: Double?
        var last: Double?
        var firstPct: Double?
        var lastPct: Double?
        var before: String?
        var after: String?

        func narrowed(by c: FormCondition) -> Scope {
            Scope(role: c.role ?? role, first: c.first ?? first, last: c.last ?? last, firstPct: c.firstPct ?? firstPct,
                  lastPct: c.lastPct ?? lastPct, before: c.before ?? before, after: c.after ?? after)
        }
    }

    let facts: FormFacts
    let context: FormContext
    let evaluator: FormEvaluator
    let hasAgent: Bool
    let hasCustomer: Bool
    /// Hits of every `terms` list, found on first use (most forms have none).
    private var termHits: [(category: Int, occurrence: Occurrence)]?

    init(_ facts: FormFacts, context: FormContext, evaluator: FormEvaluator) {
        self.facts = facts
        self.context = context
        self.evaluator = evaluator
        hasAgent = facts.turns.contains { $0.speaker == .agent }
        hasCustomer = facts.turns.contains { $0.speaker == .customer }
    }

    /// When the condition happened (everything it asks for, the last of them), or nil if it never did.
    mutating func moment(_ c: FormCondition, _ parent: Scope, _ moments: [String: Occurrence]) -> Occurrence? {
        let scope = parent.narrowed(by: c)
        var parts: [Occurrence] = []
        if c.testsSomething {
            let found = occurrences(c, scope).filter { within($0, scope, moments) }
            let need = c.minCount ?? 1
            guard found.count >= need else { return nil }
            parts.append(found[need - 1])
        }
        for sub in c.all ?? [] {
            guard let m = moment(sub, scope, moments) else { return nil }
            parts.append(m)
        }
        if let any = c.any {
            var earliest: Occurrence?
            for sub in any {
                if let m = moment(sub, scope, moments), m.start < (earliest?.start ?? .infinity) { earliest = m }
            }
            guard let earliest else { return nil }
            parts.append(earliest)
        }
        return parts.max { $0.start < $1.start }
    }

    func said(by speaker: Speaker, _ role: FormRole) -> Bool {
        switch role {
        case .any: return true
        case .agent: return speaker.speaks(for: .agent, sideRecorded: hasAgent)
        case .customer: return speaker.speaks(for: .customer, sideRecorded: hasCustomer)
        }
    }

    func within(_ o: Occurrence, _ s: Scope, _ moments: [String: Occurrence]) -> Bool {
        if !o.wholeCall {
            let d = facts.duration
            if let f = s.first, o.start >= f { return false }
            if let l = s.last, o.end <= d - l { return false }
            if let p = s.firstPct, o.start >= d * p / 100 { return false }
            if let p = s.lastPct, o.end <= d * (1 - p / 100) { return false }
        }
        // Before something that never happened is always true; after it, never.
        if let b = s.before, let m = moments[b], o.start >= m.start { return false }
        if let a = s.after {
            guard let m = moments[a], o.start >= m.end - 0.001 else { return false }
        }
        return true
    }

    /// Every occurrence of what the table tests, in time order, by the scope's role.
    mutating func occurrences(_ c: FormCondition, _ scope: Scope) -> [Occurrence] {
        let turns = facts.turns
        let excluded: (Int) -> Bool = { [evaluator] i in
            guard let p = c.notRegex, let re = evaluator.regexes[p] else { return false }
            return Self.matches(re, turns[i].text) != nil
        }
        if let name = c.category {
            guard let k = facts.categories.firstIndex(of: name) else { return [] }
            return facts.hits.filter { $0.category == k && said(by: turns[$0.turn].speaker, scope.role) && !excluded($0.turn) }
                .map { Occurrence(start: $0.start, end: $0.end, turn: $0.turn, evidence: $0.term) }
        }
        if let list = c.terms {
            guard let k = evaluator.termCategory[list] else { return [] }
            return allTermHits().filter {
                $0.category == k && said(by: turns[$0.occurrence.turn ?? 0].speaker, scope.role)
                    && !excluded($0.occurrence.turn ?? 0)
            }.map(\.occurrence)
        }
        if let p = c.regex, let re = evaluator.regexes[p] {
            return turns.indices.compactMap { i in
                guard said(by: turns[i].speaker, scope.role), !excluded(i), let m = Self.matches(re, turns[i].text) else { return nil }
                return Occurrence(start: turns[i].start, end: turns[i].end, turn: i, evidence: m)
            }
        }
        // The timeline's inputs, made only for a condition about timing (most are about words).
        var starts: [Double] { turns.map(\.start) }
        var ends: [Double] { turns.map(\.end) }
        var speakers: [Speaker] { turns.map(\.speaker) }
        if let over = c.silenceOver {
            return Timeline.silences(starts: starts, ends: ends, over: over).map {
                Occurrence(start: $0.start, end: $0.end, turn: nil, evidence: Self.seconds($0.end - $0.start))
            }
        }
        if let over = c.slowResponseOver {
            return Timeline.slowResponses(starts: starts, ends: ends, speakers: speakers, over: over).map {
                Occurrence(start: $0.start, end: $0.end, turn: $0.turn, evidence: Self.seconds($0.end - $0.start))
            }
        }
        if let over = c.overtalkOver {
            return Timeline.overtalk(starts: starts, ends: ends, speakers: speakers, over: over)
                .filter { scope.role == .any || $0.speaker.map { said(by: $0, scope.role) } == true }
                .map { Occurrence(start: $0.start, end: $0.end, turn: $0.turn, evidence: Self.seconds($0.end - $0.start)) }
        }
        if c.rateOver != nil || c.rateUnder != nil {
            let s = evaluator.settings
            return turns.indices.compactMap { i in
                let t = turns[i]
                guard said(by: t.speaker, scope.role), let (rate, chinese) = t.rate(s),
                      rate > (c.rateOver ?? .infinity) || rate < (c.rateUnder ?? -.infinity) else { return nil }
                let unit = chinese ? "characters/min" : "words/min"
                return Occurrence(start: t.start, end: t.end, turn: i, evidence: "\(Int(rate.rounded())) \(unit)")
            }
        }
        if c.direction != nil || c.language != nil {
            guard c.direction.map({ $0 == context.direction }) ?? true,
                  c.language.map({ $0 == facts.language }) ?? true else { return [] }
            return [Occurrence(start: 0, end: 0, turn: nil, evidence: [context.direction, facts.language]
                .compactMap { $0 }.joined(separator: ", "), wholeCall: true)]
        }
        return []
    }

    private mutating func allTermHits() -> [(category: Int, occurrence: Occurrence)] {
        if let termHits { return termHits }
        var out: [(category: Int, occurrence: Occurrence)] = []
        guard let matcher = evaluator.terms else { return out }
        var raw: [KeywordMatcher.Hit] = []
        let window = evaluator.settings.negationWindow
        for (i, t) in facts.turns.enumerated() {
            var text = t.text
            text.withUTF8 { b in
                let spotted = Negation.spot(b, matcher: matcher, window: window, intent: evaluator.intent, raw: &raw)
                guard !spotted.isEmpty else { return }
                // Terms have no token timings here: place them by their share of the turn's text.
                let scalars = max(1, TextScan.counts(b).scalars)
                for h in spotted where h.role != .negation && h.negatedBy == nil {
                    let span = t.end - t.start
                    let term = matcher.dictionary.categories[h.categoryIndex].terms[h.termIndex].text
                    out.append((h.categoryIndex, Occurrence(start: t.start + span * Double(h.scalarStart) / Double(scalars),
                                                            end: t.start + span * Double(h.scalarEnd) / Double(scalars),
                                                            turn: i, evidence: term)))
                }
            }
        }
        termHits = out
        return out
    }

    static func matches(_ re: NSRegularExpression, _ text: String) -> String? {
        let ns = text as NSString
        guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return ns.substring(with: m.range)
    }

    static func seconds(_ s: Double) -> String { "\(seconds1(s)) s" }
}
