import Foundation
import HarkCore

/// Scores what Hark made of one call (utterances as recognised, their analysis, the masked exports) against
/// the call's truth file. Shared by `hark-bench-accuracy` (`make accuracy`), the CI-sized accuracy test and
/// the truth-text suite, so all three count the same way.
///
/// - Markers: a predicted marker is mapped to the truth turn of its speaker that its time span overlaps most
///   (any speaker when the call is mono), then compared by key (`kind category turn N`, negated keyword hits
///   apart); silences, slow answers and overtalk by time overlap.
/// - PII: a truth string counts as leaked when 6 of its consecutive digits, or its e-mail user name, can be
///   read in any masked export of the call.
/// - Speech lost: a truth turn that no utterance on its channel overlaps by 20 % of its length.
/// - CER: per channel, the truth turns' text against the utterances' text, both normalised (Simplified, lower
///   case) with punctuation and spaces removed.
public struct AccuracyEvaluation: Sendable {
    /// Kinds compared on the timeline rather than by turn.
    public static let timedKinds: Set<String> = ["silence", "slow_response", "overtalk"]
    /// Kinds the truth derives from how a turn was synthesised (tempo), not from what was said: reported
    /// apart from the text-observable figures.
    public static let audioKinds: Set<String> = ["speech_rate"]

    public var call: String
    /// Per kind: true positives, false positives, false negatives.
    public var kinds: [String: Tally] = [:]
    public var misses: [String] = []
    public var extras: [String] = []
    public var piiTotal = 0
    public var piiLeaked: [String] = []
    public var turnsTotal = 0
    public var turnsLost: [String] = []
    public var cerEdits = 0
    public var cerLength = 0
    /// Number mentions in turns without personal data, and how many of them the masking changed.
    public var numberMentions = 0
    public var numbersMasked: [String] = []

    public struct Tally: Sendable, Hashable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public init() {}
        public var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
        public var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        public static func + (a: Tally, b: Tally) -> Tally {
            var t = a
            t.truePositives += b.truePositives
            t.falsePositives += b.falsePositives
            t.falseNegatives += b.falseNegatives
            return t
        }
    }

    /// The analysis settings a truth file's markers were written against: the generator's timeline
    /// conventions (a long silence is 7 s, a slow answer 8 s, any audible overlap is overtalk).
    public static func settings(for truth: SampleCallTruth, base: AnalysisSettings = AnalysisSettings()) -> AnalysisSettings {
        var settings = base
        settings.longSilence = 7
        settings.slowResponse = 8
        settings.overtalk = 0.3
        return settings
    }

    /// The analyser a truth file is measured with: `settings(for:)` and `form(for:)`.
    public static func analyzer(for truth: SampleCallTruth, dictionary: KeywordDictionary,
                                base: AnalysisSettings = AnalysisSettings()) -> Analyzer {
        let settings = settings(for: truth, base: base)
        return Analyzer(dictionary: dictionary, settings: settings,
                        forms: try? FormEvaluator(forms: form(for: truth), dictionary: dictionary, settings: settings))
    }

    /// The phrases the call's queue requires (configuration, not detection, so taken from the truth) as the QA
    /// form a lead would write: one item per phrase, id = its category, the greeting in the first 20 s and the
    /// closing in the last 30 s as `forms/default.toml` has them.
    public static func form(for truth: SampleCallTruth) -> FormSet {
        let required = truth.expectedMarkers.filter { $0.kind == "compliance" }.compactMap(\.category)
        return FormSet(forms: [QAForm(name: "truth", queues: [FormSet.anyQueue], items: required.map { name in
            FormItem(id: name, points: 10, check: .require,
                     condition: FormCondition(category: name, role: .agent, first: name == "问候" ? 20 : nil,
                                              last: name == "结束语" ? 30 : nil))
        })])
    }

    /// - Parameters:
    ///   - utterances: the call's transcript as stored (any order).
    ///   - analysis: its analysis (`utteranceIndex` counts utterances sorted by start).
    ///   - exports: every masked export of the call (reports in each format, coaching exports).
    ///   - normalize: the store's text normalisation (Simplified, lower case), used for CER.
    ///   - redact: the masking the exports use, applied per utterance to count over-masked numbers.
    ///   - complianceCategory: the compliance phrase a form item stands for (default: its id, as in
    ///     `form(for:)`); nil leaves the item out.
    public init(truth: SampleCallTruth, utterances: [Utterance], analysis: CallAnalysis, exports: [String],
                normalize: (String) -> String, redact: (String) -> String,
                complianceCategory: (FormItemResult) -> String? = { $0.id }) {
        call = truth.call
        let sorted = Analyzer.sortedByStart(utterances)
        let mono = truth.channels == 1 || !sorted.contains { $0.speaker == .agent || $0.speaker == .customer }
        compareMarkers(truth, sorted, analysis, mono: mono, complianceCategory: complianceCategory)
        checkLeaks(truth, exports)
        checkLostSpeech(truth, sorted, mono: mono)
        measureCER(truth, sorted, mono: mono, normalize: normalize)
        countOverMasking(truth, sorted, redact: redact)
    }

    // MARK: Markers

    private mutating func compareMarkers(_ truth: SampleCallTruth, _ utterances: [Utterance],
                                         _ analysis: CallAnalysis, mono: Bool,
                                         complianceCategory: (FormItemResult) -> String?) {
        var predicted = Set<String>()
        var timed: [(kind: String, start: Double, end: Double)] = []
        for m in analysis.markers {
            let kind = m.kind.rawValue
            if Self.timedKinds.contains(kind) {
                timed.append((kind, m.start, m.end))
                continue
            }
            switch m.kind {
            case .compliance:
                continue  // written by analysers before forms; compliance is the form's now
            case .resolution:
                predicted.insert("resolution \(m.category)")
            case .language:
                // A segment marker stands for every turn of its speaker it mostly covers.
                for (i, t) in truth.turns.enumerated() where Self.speakerFits(m.speaker, t, mono: mono) {
                    let overlap = min(m.end, t.end) - max(m.start, t.start)
                    if overlap >= 0.5 * (t.end - t.start) { predicted.insert("language \(m.category) turn \(i)") }
                }
            default:
                let turn = Self.turn(of: m, in: truth, utterances: utterances, mono: mono)
                let negated = m.kind == .keyword && m.negated ? " negated" : ""
                predicted.insert("\(kind) \(m.category) turn \(turn.map(String.init) ?? "?")\(negated)")
            }
        }

        // Form items stand for compliance phrases: `category` names the phrase an item requires.
        for item in analysis.form?.items ?? [] {
            guard let name = complianceCategory(item) else { continue }
            switch item.outcome {
            case .failed: predicted.insert("compliance \(name) missing")
            case .passed:
                let m = Marker(kind: .compliance, category: name, speaker: .agent, start: item.at ?? 0,
                               end: item.end ?? 0, explanation: "", utteranceIndex: item.turn)
                let turn = Self.turn(of: m, in: truth, utterances: utterances, mono: mono)
                predicted.insert("compliance \(name) turn \(turn.map(String.init) ?? "?")")
            case .na: break
            }
        }

        var expected = Set<String>()
        var expectedTimed: [(kind: String, start: Double, end: Double)] = []
        for e in truth.expectedMarkers {
            let category = e.category ?? ""
            switch e.kind {
            case let k where Self.timedKinds.contains(k): expectedTimed.append((k, e.start ?? 0, e.end ?? 0))
            case "keyword": expected.insert("keyword \(category) turn \(e.turn ?? -1)\(e.negated == true ? " negated" : "")")
            case "compliance":
                expected.insert(e.missing == true ? "compliance \(category) missing" : "compliance \(category) turn \(e.turn ?? -1)")
            case "resolution": expected.insert("resolution \(category)")
            default: expected.insert("\(e.kind) \(category) turn \(e.turn ?? -1)")
            }
        }
        func kind(_ key: String) -> String { String(key.prefix { $0 != " " }) }
        for key in expected.intersection(predicted) { kinds[kind(key), default: Tally()].truePositives += 1 }
        for key in expected.subtracting(predicted).sorted() {
            kinds[kind(key), default: Tally()].falseNegatives += 1
            misses.append(describe(key, truth))
        }
        for key in predicted.subtracting(expected).sorted() {
            kinds[kind(key), default: Tally()].falsePositives += 1
            extras.append(describe(key, truth))
        }
        var unmatched = timed
        for e in expectedTimed {
            if let i = unmatched.firstIndex(where: { $0.kind == e.kind && $0.start < e.end + 0.5 && e.start < $0.end + 0.5 }) {
                unmatched.remove(at: i)
                kinds[e.kind, default: Tally()].truePositives += 1
            } else {
                kinds[e.kind, default: Tally()].falseNegatives += 1
                misses.append("\(e.kind) \(e.start)-\(e.end)")
            }
        }
        for t in unmatched {
            kinds[t.kind, default: Tally()].falsePositives += 1
            extras.append("\(t.kind) \(t.start)-\(t.end)")
        }
    }

    /// A key with the turn's truth text, so a reader sees what was said.
    private func describe(_ key: String, _ truth: SampleCallTruth) -> String {
        let parts = key.split(separator: " ")
        if let i = parts.firstIndex(of: "turn"), i + 1 < parts.count, let n = Int(parts[i + 1]),
           truth.turns.indices.contains(n) {
            return "\(key): \(truth.turns[n].text)"
        }
        return key
    }

    static func speakerFits(_ speaker: Speaker?, _ turn: SampleCallTruth.Turn, mono: Bool) -> Bool {
        guard !mono, let speaker, speaker == .agent || speaker == .customer else { return true }
        return speaker.rawValue == turn.speaker
    }

    /// The truth turn a marker belongs to: the one of its speaker its span (or its utterance's) overlaps
    /// most, else the nearest within 1.5 s.
    static func turn(of m: Marker, in truth: SampleCallTruth, utterances: [Utterance], mono: Bool) -> Int? {
        // Keywords, compliance phrases and personal data are timed to their words; a repetition burst or an
        // emotion belongs to the utterance it names.
        var span = (m.start, max(m.end, m.start + 0.05))
        if m.end <= m.start || m.kind == .repetition || m.kind == .emotion || m.kind == .speechRate,
           let i = m.utteranceIndex, utterances.indices.contains(i) {
            span = (utterances[i].start, utterances[i].end)
        }
        var best: (Int, Double)?
        for (i, t) in truth.turns.enumerated() where speakerFits(m.speaker, t, mono: mono) {
            let overlap = min(span.1, t.end) - max(span.0, t.start)
            let distance = overlap > 0 ? -overlap : max(t.start - span.1, span.0 - t.end)
            if best == nil || distance < best!.1 { best = (i, distance) }
        }
        guard let best, best.1 <= 1.5 else { return nil }
        return best.0
    }

    // MARK: Personal data

    private mutating func checkLeaks(_ truth: SampleCallTruth, _ exports: [String]) {
        let runs = exports.flatMap(Self.digitRuns)
        let lowered = exports.map { $0.lowercased() }
        for e in truth.expectedMarkers where e.kind == "pii" {
            guard let text = e.text else { continue }
            piiTotal += 1
            if e.category == "email" || text.contains("@") {
                if lowered.contains(where: { Self.emailUserReadable(text, in: $0) }) { piiLeaked.append("\(text) (turn \(e.turn ?? -1))") }
                continue
            }
            let digits = text.compactMap { $0.wholeNumberValue }
            guard digits.count >= 6 else { continue }
            let windows = (0...(digits.count - 6)).map { Array(digits[$0..<($0 + 6)]) }
            if runs.contains(where: { run in windows.contains { Self.contains(run, $0) } }) {
                piiLeaked.append("\(text) (turn \(e.turn ?? -1))")
            }
        }
    }

    /// Digit runs as a reader would see them: ASCII, full-width and Chinese digits, joined across the
    /// separators people and recognisers put inside numbers (space , . - 、).
    public static func digitRuns(_ text: String) -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        var pendingSeparator = false
        for c in text.unicodeScalars {
            if let d = digitValue(c) {
                current.append(d)
                pendingSeparator = false
            } else if !current.isEmpty, !pendingSeparator, " ,.-、，".unicodeScalars.contains(c) {
                pendingSeparator = true
            } else {
                if !current.isEmpty { runs.append(current) }
                current = []
                pendingSeparator = false
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The masking's own digit reading (ASCII, full-width, Chinese digits, 幺, 两), so leaks are counted as
    /// the masking sees numbers.
    static func digitValue(_ c: Unicode.Scalar) -> Int? { PIIDetector.digit(c).map(Int.init) }

    static func contains(_ run: [Int], _ window: [Int]) -> Bool {
        guard run.count >= window.count else { return false }
        for i in 0...(run.count - window.count) where Array(run[i..<(i + window.count)]) == window { return true }
        return false
    }

    /// The user name of an e-mail address, readable as written (sarah.miller) or spoken (sarah dot miller).
    static func emailUserReadable(_ email: String, in text: String) -> Bool {
        let user = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        let parts = user.split(whereSeparator: { ".-_".contains($0) }).map { NSRegularExpression.escapedPattern(for: String($0)) }
        guard !parts.isEmpty else { return false }
        let separator = #"\s*(?:\.|_|-|dot|underscore|dash)\s*"#
        var pattern = parts.joined(separator: separator)
        if parts.count == 1 { pattern += #"\s*(?:@|at\b)"# }
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    // MARK: Speech lost and CER

    private mutating func checkLostSpeech(_ truth: SampleCallTruth, _ utterances: [Utterance], mono: Bool) {
        for (i, t) in truth.turns.enumerated() {
            turnsTotal += 1
            let covered = utterances.filter { mono || $0.channel == Self.channel(t) }
                .map { max(0, min($0.end, t.end) - max($0.start, t.start)) }.reduce(0, +)
            if covered < 0.2 * (t.end - t.start) { turnsLost.append("turn \(i) \(t.speaker) \(t.start)-\(t.end): \(t.text)") }
        }
    }

    static func channel(_ t: SampleCallTruth.Turn) -> Int { t.speaker == "customer" ? 1 : 0 }

    private mutating func measureCER(_ truth: SampleCallTruth, _ utterances: [Utterance], mono: Bool,
                                     normalize: (String) -> String) {
        let channels = mono ? [nil] : [0, 1]
        let texts = channels.map { ch in utterances.filter { ch == nil || $0.channel == ch }.map(\.text).joined() }
        (cerEdits, cerLength) = Self.cer(truth, channelTexts: texts, normalize: normalize)
    }

    /// Edits and reference length of a transcript given as one text per channel (one text for a mono call),
    /// against the truth turns of that channel: the same count for Hark and for a peer recogniser.
    public static func cer(_ truth: SampleCallTruth, channelTexts: [String], normalize: (String) -> String) -> (Int, Int) {
        var edits = 0, length = 0
        for (ch, text) in channelTexts.enumerated() {
            let reference = truth.turns.filter { channelTexts.count == 1 || channel($0) == ch }.map(\.text).joined()
            let r = cerForm(reference, normalize), h = cerForm(text, normalize)
            edits += editDistance(r, h)
            length += r.count
        }
        return (edits, length)
    }

    /// Normalised (Simplified, lower case), letters and digits only.
    public static func cerForm(_ text: String, _ normalize: (String) -> String) -> [Unicode.Scalar] {
        normalize(text).unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }
    }

    public static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    // MARK: Over-masking

    /// Number mentions (prices, times, amounts) in utterances that overlap no turn with personal data, and
    /// which of them the masking changed.
    private mutating func countOverMasking(_ truth: SampleCallTruth, _ utterances: [Utterance],
                                           redact: (String) -> String) {
        let piiTurns = Set(truth.expectedMarkers.filter { $0.kind == "pii" }.compactMap(\.turn))
        for u in utterances {
            let touchesPII = piiTurns.contains { n in
                let t = truth.turns[n]
                return min(u.end, t.end) > max(u.start, t.start)
            }
            guard !touchesPII else { continue }
            let masked = Array(redact(u.text).unicodeScalars)
            let original = Array(u.text.unicodeScalars)
            for r in Self.numberMentions(original) {
                numberMentions += 1
                if masked.count != original.count || r.contains(where: { masked[$0] != original[$0] }) {
                    numbersMasked.append(String(String.UnicodeScalarView(original[r])))
                }
            }
        }
    }

    /// Ranges of number mentions: a run with an ASCII digit, or two Chinese numerals (三十万, 两点), so that
    /// 一下 and 一起 are not counted.
    static func numberMentions(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        let numeral = "零〇一二两三四五六七八九十百千万亿点幺".unicodeScalars
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            guard digitValue(s[i]) != nil || numeral.contains(s[i]) else { i += 1; continue }
            var j = i
            var ascii = false
            while j < s.count, digitValue(s[j]) != nil || numeral.contains(s[j])
                    || (j > i && j + 1 < s.count && " ,.:-/".unicodeScalars.contains(s[j])
                        && (0x30...0x39).contains(s[j + 1].value)) {
                if (0x30...0x39).contains(s[j].value) || (0xFF10...0xFF19).contains(s[j].value) { ascii = true }
                j += 1
            }
            if ascii || j - i >= 2 { out.append(i..<j) }
            i = j
        }
        return out
    }
}
