import Foundation

/// The figures of many calls' `AccuracyEvaluation`s added up, as `make accuracy` prints them.
public struct AccuracySummary: Sendable {
    public var calls: [AccuracyEvaluation]

    public init(_ calls: [AccuracyEvaluation]) { self.calls = calls }

    public func kind(_ name: String) -> AccuracyEvaluation.Tally {
        calls.reduce(AccuracyEvaluation.Tally()) { $0 + ($1.kinds[name] ?? .init()) }
    }

    public var kindNames: [String] { Set(calls.flatMap(\.kinds.keys)).sorted() }

    /// Every kind but those the truth takes from how a turn was synthesised.
    public var textObservable: AccuracyEvaluation.Tally {
        kindNames.filter { !AccuracyEvaluation.audioKinds.contains($0) }.reduce(.init()) { $0 + kind($1) }
    }

    public var piiTotal: Int { calls.map(\.piiTotal).reduce(0, +) }
    public var piiLeaks: Int { calls.map(\.piiLeaked.count).reduce(0, +) }
    /// Truth personal data not readable in any masked export.
    public var piiMaskedRecall: Double { piiTotal == 0 ? 1 : Double(piiTotal - piiLeaks) / Double(piiTotal) }
    public var turnsTotal: Int { calls.map(\.turnsTotal).reduce(0, +) }
    public var turnsLost: Int { calls.map(\.turnsLost.count).reduce(0, +) }
    public var cer: Double {
        Double(calls.map(\.cerEdits).reduce(0, +)) / Double(max(1, calls.map(\.cerLength).reduce(0, +)))
    }
    public var numberMentions: Int { calls.map(\.numberMentions).reduce(0, +) }
    public var numbersMasked: Int { calls.map(\.numbersMasked.count).reduce(0, +) }
    public var overMaskRate: Double { Double(numbersMasked) / Double(max(1, numberMentions)) }

    /// The table and the itemised misses, extras, leaks and lost turns.
    public func report(verbose: Bool = true) -> String {
        func pct(_ x: Double) -> String { String(format: "%.3f", x) }
        func row(_ name: String, _ t: AccuracyEvaluation.Tally) -> String {
            "\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) P \(pct(t.precision))  R \(pct(t.recall))  F1 \(pct(t.f1))  (tp \(t.truePositives) fp \(t.falsePositives) fn \(t.falseNegatives))"
        }
        var lines = ["calls: \(calls.count)"]
        lines.append(row("text-observable", textObservable))
        for name in kindNames { lines.append(row(name, kind(name))) }
        lines.append("pii in masked exports: recall \(pct(piiMaskedRecall)) (\(piiLeaks) of \(piiTotal) readable)")
        lines.append("numbers masked by mistake: \(numbersMasked) of \(numberMentions) (\(pct(overMaskRate)))")
        lines.append("speech lost: \(turnsLost) of \(turnsTotal) truth turns have no utterance")
        lines.append("transcript CER: \(String(format: "%.2f", cer * 100)) %")
        guard verbose else { return lines.joined(separator: "\n") }
        for c in calls {
            for m in c.misses { lines.append("\(c.call): missed \(m)") }
            for e in c.extras { lines.append("\(c.call): extra  \(e)") }
            for l in c.piiLeaked { lines.append("\(c.call): LEAK   \(l)") }
            for t in c.turnsLost { lines.append("\(c.call): lost   \(t)") }
            for n in c.numbersMasked { lines.append("\(c.call): masked number \(n)") }
        }
        return lines.joined(separator: "\n")
    }
}
