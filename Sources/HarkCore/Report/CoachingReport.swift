import Foundation

/// A team lead's coaching summary for one agent over a period: strengths, issues with counts and timed
/// examples, the supervisor's notes and agreed actions. PII is masked unless `redact` is false.
public struct CoachingReport: Sendable {
    /// One reviewed call and what is known of it.
    public struct Item: Sendable {
        public var call: Call
        public var utterances: [Utterance]
        public var analysis: CallAnalysis?
        public var notes: [Note]

        public init(call: Call, utterances: [Utterance], analysis: CallAnalysis?, notes: [Note]) {
            self.call = call
            self.utterances = utterances
            self.analysis = analysis
            self.notes = notes
        }
    }

    public var agent: String
    public var from: Date?
    public var to: Date?
    public var items: [Item]
    public var actions: [String]
    public var author: String
    public var redact: Bool
    /// Examples shown per issue or strength.
    public var examplesPerTopic = 3

    public init(agent: String, from: Date?, to: Date?, items: [Item], actions: [String] = [], author: String, redact: Bool = true) {
        self.agent = agent
        self.from = from
        self.to = to
        self.items = items
        self.actions = actions
        self.author = author
        self.redact = redact
    }

    /// A marker with the call and utterance it came from.
    public struct Example: Sendable {
        public var callID: CallID
        public var marker: Marker
        public var context: String
    }

    /// A topic (marker category) with how often it came up and where.
    public struct Topic: Sendable {
        public var name: String
        public var count: Int
        public var calls: Int
        public var examples: [Example]
    }

    func clean(_ s: String) -> String { redact ? Redactor.redact(s) : s }

    /// Negative findings grouped by category (keyword category or marker kind), most frequent first.
    public var issues: [Topic] { topics(CoachingValue.isIssue) }
    /// Positive findings grouped the same way.
    public var strengths: [Topic] { topics { $0.polarity == .positive } }

    var averageScore: Double? {
        let scores = items.compactMap { $0.analysis?.headline }
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    /// Per QA form item, in form order: how many of the agent's calls passed it, of those it applied to,
    /// and the calls that failed it.
    var formItems: [(title: String, critical: Bool, passed: Int, applicable: Int, failed: [(CallID, FormItemResult)])] {
        var order: [String] = []
        var rows: [String: (title: String, critical: Bool, passed: Int, applicable: Int, failed: [(CallID, FormItemResult)])] = [:]
        for item in items {
            for r in item.analysis?.form?.items ?? [] where r.outcome != .na {
                let key = "\(item.analysis?.form?.form ?? "")/\(r.id)"
                if rows[key] == nil { order.append(key); rows[key] = (r.title, r.critical, 0, 0, []) }
                rows[key]!.applicable += 1
                if r.outcome == .passed { rows[key]!.passed += 1 } else { rows[key]!.failed.append((item.call.id, r)) }
            }
        }
        return order.compactMap { rows[$0] }
    }

    func topics(_ include: (Marker) -> Bool) -> [Topic] {
        var byName: [String: (count: Int, calls: Set<CallID>, examples: [Example])] = [:]
        for item in items {
            let ordered = item.utterances.sorted { $0.start < $1.start }
            for marker in item.analysis?.markers ?? [] where !marker.negated && include(marker) {
                let name = CoachingValue.topic(of: marker)
                let context = marker.utteranceIndex.flatMap { ordered.indices.contains($0) ? ordered[$0].text : nil }
                    ?? ordered.first { $0.start <= marker.start && $0.end >= marker.start }?.text ?? marker.matchedText
                var entry = byName[name] ?? (0, [], [])
                entry.count += 1
                entry.calls.insert(item.call.id)
                if entry.examples.count < examplesPerTopic {
                    entry.examples.append(Example(callID: item.call.id, marker: marker, context: context))
                }
                byName[name] = entry
            }
        }
        return byName.map { Topic(name: $0.key, count: $0.value.count, calls: $0.value.calls.count, examples: $0.value.examples) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    var period: String {
        switch (from, to) {
        case let (a?, b?): return "\(Format.day(a)) – \(Format.day(b))"
        case let (a?, nil): return "from \(Format.day(a))"
        case let (nil, b?): return "until \(Format.day(b))"
        default: return "all calls"
        }
    }

    public func markdown() -> String {
        var out = "# Coaching report: \(agent)\n\n"
        out += "- Period: \(period)\n- Calls reviewed: \(items.count)\n"
        if let avg = averageScore { out += "- Average score: \(String(format: "%.1f", avg))\n" }
        out += "- Prepared by: \(author)\n"
        if redact { out += "- Personal data (phone, ID, card numbers, e-mail) is masked.\n" }
        func section(_ title: String, _ topics: [Topic]) {
            out += "\n## \(title)\n\n"
            if topics.isEmpty { out += "None found.\n"; return }
            for t in topics {
                out += "### \(t.name) — \(t.count)× in \(t.calls) call(s)\n\n"
                for e in t.examples {
                    out += "- Call #\(e.callID) at \(Format.duration(e.marker.start)): \"\(clean(e.context))\" — \(clean(e.marker.explanation))\n"
                }
                out += "\n"
            }
        }
        let form = formItems
        if !form.isEmpty {
            out += "\n## QA form items\n\n"
            for row in form {
                out += "- \(row.title)\(row.critical ? " (critical)" : ""): passed in \(row.passed) of \(row.applicable) call(s)\n"
                for (id, r) in row.failed.prefix(examplesPerTopic) { out += "  - Call #\(id): \(clean(r.summary))\n" }
            }
        }
        section("Strengths", strengths)
        section("Issues", issues)
        let notes = items.flatMap { item in item.notes.map { (item.call.id, $0) } }
        if !notes.isEmpty {
            out += "\n## Supervisor notes\n\n"
            for (callID, note) in notes { out += "- Call #\(callID) at \(Format.duration(note.at)) (\(note.author)): \(clean(note.text))\n" }
        }
        out += "\n## Agreed actions\n\n" + (actions.isEmpty ? "None recorded.\n" : actions.map { "- [ ] \(clean($0))\n" }.joined())
        return out
    }

    /// Self-contained HTML: inline CSS, no scripts, no external resources.
    public func html() -> String {
        // The Markdown is the single source of the report's content; this renders its small subset.
        var body = ""
        var inList = false
        for line in markdown().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let isItem = line.hasPrefix("- ")
            if inList && !isItem { body += "</ul>\n"; inList = false }
            if line.hasPrefix("### ") { body += "<h3>\(esc(String(line.dropFirst(4))))</h3>\n" }
            else if line.hasPrefix("## ") { body += "<h2>\(esc(String(line.dropFirst(3))))</h2>\n" }
            else if line.hasPrefix("# ") { body += "<h1>\(esc(String(line.dropFirst(2))))</h1>\n" }
            else if isItem {
                if !inList { body += "<ul>\n"; inList = true }
                var text = String(line.dropFirst(2))
                let box = text.hasPrefix("[ ] ")
                if box { text = String(text.dropFirst(4)) }
                body += "<li>\(box ? "☐ " : "")\(esc(text))</li>\n"
            } else if !line.isEmpty { body += "<p>\(esc(line))</p>\n" }
        }
        if inList { body += "</ul>\n" }
        return """
            <!DOCTYPE html>
            <html lang="zh"><head><meta charset="utf-8"><title>Coaching report: \(esc(agent))</title>
            <style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:50em;margin:2em auto;color:#222}
            h3{margin-bottom:.2em}li{margin:.2em 0}</style></head><body>
            \(body)</body></html>

            """
    }

    func esc(_ s: String) -> String { HTMLText.escape(s) }
}
