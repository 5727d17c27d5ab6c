import Foundation

/// Scores calls against a form set: which form a call's queue gets, and each item's result with the moment
/// that decided it. Compiled once per saved form set (regular expressions, the `terms` matcher) and shared
/// across threads; evaluation reads only a call's `FormFacts`, so re-scoring the archive after a form edit
/// needs no transcript and no dictionary pass.
public struct FormEvaluator: @unchecked Sendable {  // NSRegularExpression matching is thread-safe
    public let forms: FormSet
    /// The store's version of `forms` (0: never saved), recorded in every result.
    public let version: Int
    let settings: AnalysisSettings
    /// Finds every `terms` list (one category each, after the dictionary's negation words), with negation.
    let terms: KeywordMatcher?
    /// Category index in `terms` of each distinct terms list.
    let termCategory: [[String]: Int]
    let regexes: [String: NSRegularExpression]
    let intent: Set<String>
    /// Per form, item indices in evaluation order (referenced items first).
    let orders: [String: [Int]]

    /// - Parameter strict: false accepts categories the dictionary no longer has (a saved form whose category
    ///   was deleted since): such a condition never happens, rather than analysis stopping.
    public init(forms: FormSet, version: Int = 0, dictionary: KeywordDictionary,
                settings: AnalysisSettings = AnalysisSettings(), strict: Bool = true) throws {
        try FormValidation.validate(forms, categories: strict ? Set(dictionary.categories.map(\.name)) : nil)
        self.forms = forms
        self.version = version
        self.settings = settings
        var lists: [[String]] = []
        var patterns: [String] = []
        func collect(_ c: FormCondition) {
            if let t = c.terms, !lists.contains(t) { lists.append(t) }
            patterns += [c.regex, c.notRegex].compactMap { $0 }
            for sub in (c.all ?? []) + (c.any ?? []) { collect(sub) }
        }
        for form in forms.forms {
            for item in form.items {
                collect(item.condition)
                if let a = item.appliesIf { collect(a) }
            }
        }
        let negations = dictionary.categories.filter { $0.role == .negation }
        var categories = negations
        var termCategory: [[String]: Int] = [:]
        for list in lists {
            termCategory[list] = categories.count
            categories.append(KeywordCategory(name: "terms \(categories.count)", role: .negative,
                                              terms: list.map { KeywordTerm($0.lowercased()) }))
        }
        self.termCategory = termCategory
        terms = lists.isEmpty ? nil : KeywordMatcher(dictionary: KeywordDictionary(categories: categories))
        var regexes: [String: NSRegularExpression] = [:]
        for p in patterns where regexes[p] == nil {
            regexes[p] = try NSRegularExpression(pattern: p, options: [.caseInsensitive])
        }
        self.regexes = regexes
        intent = Set(settings.intentNegations.map { $0.lowercased() })
        var orders: [String: [Int]] = [:]
        for form in forms.forms { orders[form.name] = try FormValidation.order(form) }
        self.orders = orders
    }

    /// Whether any condition reads turn text (terms, regex): facts can be decoded without it otherwise.
    public var readsText: Bool { terms != nil || !regexes.isEmpty }

    /// The call's result against the form its queue gets; nil when no form applies to the queue.
    public func evaluate(_ facts: FormFacts, context: FormContext) -> FormResult? {
        guard let form = forms.form(forQueue: context.queue), let order = orders[form.name] else { return nil }
        var call = FormCall(facts, context: context, evaluator: self)
        var moments: [String: FormCall.Occurrence] = [:]
        var results = [FormItemResult?](repeating: nil, count: form.items.count)
        for i in order {
            let item = form.items[i]
            func result(_ outcome: FormOutcome, _ at: FormCall.Occurrence?) -> FormItemResult {
                FormItemResult(id: item.id, title: item.title, points: item.points, critical: item.critical,
                               outcome: outcome, at: at?.start, end: at?.end, turn: at?.turn, evidence: at?.evidence ?? "")
            }
            if let applies = item.appliesIf, call.moment(applies, FormCall.Scope(), moments) == nil {
                results[i] = result(.na, nil)
                continue
            }
            let moment = call.moment(item.condition, FormCall.Scope(), moments)
            if let moment { moments[item.id] = moment }
            switch item.check {
            case .require: results[i] = moment.map { result(.passed, $0) } ?? result(.failed, nil)
            case .forbid: results[i] = moment.map { result(.failed, $0) } ?? result(.passed, nil)
            }
        }
        let items = results.compactMap { $0 }
        let applicable = items.filter { $0.outcome != .na }
        let total = applicable.reduce(0) { $0 + $1.points }
        let earned = applicable.filter { $0.outcome == .passed }.reduce(0) { $0 + $1.points }
        return FormResult(form: form.name, version: version, score: total > 0 ? 100 * earned / total : nil,
                          passed: !items.contains { $0.critical && $0.outcome == .failed }, items: items)
    }
}
