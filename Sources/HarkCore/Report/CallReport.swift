import Foundation

/// Output formats of a call report.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case html
    case json
    case srt
    case vtt
}

/// One call rendered for people outside Hark: transcript with speakers and times, markers, score evidence,
/// suggestions and notes. PII is masked unless `redact` is false; every text that leaves goes through `clean`.
public struct CallReport: Sendable {
    public var call: Call
    public var utterances: [Utterance]
    public var analysis: CallAnalysis?
    public var notes: [Note]
    public var redact: Bool

    public init(call: Call, utterances: [Utterance], analysis: CallAnalysis?, notes: [Note], redact: Bool = true) {
        self.call = call
        self.utterances = utterances.sorted { $0.start < $1.start }
        self.analysis = analysis
        self.notes = notes
        self.redact = redact
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .markdown: return markdown()
        case .html: return html()
        case .json: return json()
        case .srt: return subtitles(vtt: false)
        case .vtt: return subtitles(vtt: true)
        }
    }

    func clean(_ text: String) -> String { redact ? Redactor.redact(text) : text }

    /// A marker's words as a reader should see them: "≈急死了 (heard 击死了)" for a term heard by sound.
    public static func shown(_ m: Marker) -> String {
        guard let heard = m.heard else { return m.matchedText }
        return "≈\(m.matchedText) (heard \(heard))"
    }

    var title: String {
        let m = call.metadata
        return "Call #\(call.id) — \(Self.oneLine(m.agent ?? "unknown agent")) / \(Self.oneLine(m.customer ?? "unknown customer"))"
    }

    var counted: [Marker] { (analysis?.markers ?? []).filter { !$0.negated } }

    func markers(in u: Utterance) -> [Marker] {
        counted.filter { $0.start < u.end && $0.end > u.start && $0.start >= u.start - 0.01 }
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = "# \(title)\n\n"
        out += metadataLines().map { "- \($0)" }.joined(separator: "\n") + "\n"
        if let a = analysis {
            if let f = a.form {
                out += "\n## QA form \(markdownCell(f.form)): \(f.score.map(ReportTime.score) ?? "–") / 100, "
                    + (f.passed ? "passed" : "**failed** (a critical item failed)") + "\n\n"
                out += "| item | result | points | at |\n| --- | --- | ---: | --- |\n"
                for i in f.items {
                    out += "| \(markdownCell(i.title))\(i.critical ? " (critical)" : "") | \(markdownCell(clean(i.summary))) | "
                        + "\(ReportTime.score(i.points)) | \(i.at.map(Format.duration) ?? "–") |\n"
                }
            }
            out += "\n## Score: \(ReportTime.score(a.score.value)) / 100\n\n"
            out += "Base \(ReportTime.score(a.score.base)); trend \(a.score.trend.rawValue)"
                + (a.score.risk ? "; **risk**" : "") + (a.score.resolved ? "; resolved on first contact" : "") + ".\n\n"
            if !a.score.evidence.isEmpty {
                out += "| at | points | why |\n| --- | ---: | --- |\n"
                for e in a.score.evidence {
                    out += "| \(Format.duration(e.at)) | \(ReportTime.points(e.points)) | \(markdownCell(clean(e.reason))) |\n"
                }
            }
            if !a.suggestions.isEmpty {
                out += "\n## Suggestions\n\n" + a.suggestions.map { "- \(clean($0))" }.joined(separator: "\n") + "\n"
            }
        }
        if !counted.isEmpty {
            out += "\n## Markers\n\n| at | kind | category | speaker | text | why |\n| --- | --- | --- | --- | --- | --- |\n"
            for m in counted {
                out += "| \(Format.duration(m.start)) | \(m.kind.rawValue) | \(markdownCell(m.category)) | "
                    + "\(m.speaker?.rawValue ?? "") | \(markdownCell(clean(Self.shown(m)))) | \(markdownCell(clean(m.explanation))) |\n"
            }
        }
        if !notes.isEmpty {
            out += "\n## Notes\n\n" + notes.map { "- \(Format.duration($0.at)) \($0.author): \(clean($0.text))" }.joined(separator: "\n") + "\n"
        }
        out += "\n## Transcript\n\n"
        for u in utterances {
            let tags = markers(in: u).map { "`\($0.kind.rawValue):\($0.category)`" }
            out += "**\(Format.duration(u.start)) \(u.speaker.rawValue)**"
                + (u.language.map { " [\($0)]" } ?? "") + ": \(clean(u.text))"
                + (tags.isEmpty ? "" : " " + tags.joined(separator: " ")) + "\n\n"
        }
        return out
    }

    func markdownCell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// A name or path as one line: a newline in a sidecar field must not start a new heading or row.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
    }

    func metadataLines() -> [String] {
        let m = call.metadata
        var lines = ["File: \(Self.oneLine(call.path))", "Duration: \(Format.duration(call.duration)); \(call.channels) channel(s), \(call.sampleRate) Hz"]
        if let started = m.startedAt { lines.append("Started: \(ReportTime.iso(started))") }
        if let q = m.queue { lines.append("Queue: \(Self.oneLine(q))") }
        if let d = m.direction { lines.append("Direction: \(d.rawValue)") }
        lines.append("Status: \(call.status.rawValue)" + (call.error.map { " (\($0))" } ?? ""))
        if redact { lines.append("Personal data (phone, ID, card numbers, e-mail) is masked.") }
        return lines
    }

    // MARK: HTML

    /// A self-contained page: inline CSS, no scripts, no external resources.
    public func html() -> String {
        var body = "<h1>\(esc(title))</h1>\n<ul>" + metadataLines().map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
        if let a = analysis {
            if let f = a.form {
                body += "<h2>QA form \(esc(f.form)): \(f.score.map(ReportTime.score) ?? "–") / 100, "
                    + (f.passed ? "passed" : "<strong class=neg>failed</strong> (a critical item failed)") + "</h2>\n"
                body += "<table><tr><th>item</th><th>result</th><th>points</th><th>at</th></tr>"
                for i in f.items {
                    let css = i.outcome == .failed ? "neg" : i.outcome == .passed ? "pos" : ""
                    body += "<tr><td>\(esc(i.title))\(i.critical ? " (critical)" : "")</td><td class=\"\(css)\">\(esc(clean(i.summary)))</td>"
                        + "<td>\(ReportTime.score(i.points))</td><td>\(i.at.map(Format.duration) ?? "–")</td></tr>"
                }
                body += "</table>\n"
            }
            body += "<h2>Score: \(ReportTime.score(a.score.value)) / 100</h2>\n<p>Trend \(a.score.trend.rawValue)"
                + (a.score.risk ? " · <strong class=neg>risk</strong>" : "") + (a.score.resolved ? " · resolved on first contact" : "") + "</p>\n"
            if !a.score.evidence.isEmpty {
                body += "<table><tr><th>at</th><th>points</th><th>why</th></tr>"
                for e in a.score.evidence {
                    body += "<tr><td>\(Format.duration(e.at))</td><td class=\(e.points < 0 ? "neg" : "pos")>\(ReportTime.points(e.points))</td><td>\(esc(clean(e.reason)))</td></tr>"
                }
                body += "</table>\n"
            }
            if !a.suggestions.isEmpty {
                body += "<h2>Suggestions</h2><ul>" + a.suggestions.map { "<li>\(esc(clean($0)))</li>" }.joined() + "</ul>\n"
            }
        }
        if !notes.isEmpty {
            body += "<h2>Notes</h2><ul>" + notes.map { "<li>\(Format.duration($0.at)) <b>\(esc($0.author))</b>: \(esc(clean($0.text)))</li>" }.joined() + "</ul>\n"
        }
        body += "<h2>Transcript</h2>\n"
        for u in utterances {
            let tags = markers(in: u).map { "<span class=\"tag \($0.polarity.rawValue)\" title=\"\(esc(clean($0.explanation)))\">\(esc($0.category))</span>" }
            body += "<p class=\(u.speaker.rawValue)><span class=t>\(Format.duration(u.start))</span> <b>\(u.speaker.rawValue)</b> "
                + "\(esc(clean(u.text))) \(tags.joined(separator: " "))</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="zh"><head><meta charset="utf-8"><title>\(esc(title))</title>
            <style>
            body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:60em;margin:2em auto;color:#222}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}
            .neg{color:#b00}.pos{color:#070}.t{color:#888;font-family:monospace}
            .agent b{color:#06c}.customer b{color:#a50}.tag{font-size:.8em;padding:0 .3em;border-radius:.3em;background:#eee}
            .tag.negative{background:#fdd}.tag.positive{background:#dfd}
            </style></head><body>
            \(body)</body></html>

            """
    }

    func esc(_ s: String) -> String { HTMLText.escape(s) }

    // MARK: JSON

    public func json() -> String {
        struct Out: Encodable {
            var call: Call
            var utterances: [Utterance]
            var analysis: CallAnalysis?
            var notes: [Note]
            var redacted: Bool
        }
        var call = self.call
        var utterances = self.utterances
        var analysis = self.analysis
        // The facts forms are scored from hold every turn's text: internal, never exported.
        analysis?.facts = nil
        var notes = self.notes
        if redact {
            utterances = utterances.map { u in
                var u = u
                u.text = clean(u.text)
                u.normalizedText = clean(u.normalizedText)
                u.rawText = u.rawText.map(clean)
                u.tokens = []  // tokens would spell the masked digits out again
                return u
            }
            if var a = analysis {
                a.markers = a.markers.map { m in
                    var m = m
                    m.matchedText = clean(m.matchedText)
                    m.heard = m.heard.map(clean)
                    m.explanation = clean(m.explanation)
                    return m
                }
                a.suggestions = a.suggestions.map(clean)
                if var form = a.form {
                    form.items = form.items.map { i in var i = i; i.evidence = clean(i.evidence); return i }
                    a.form = form
                }
                a.score.evidence = a.score.evidence.map { e in var e = e; e.reason = clean(e.reason); return e }
                analysis = a
            }
            notes = notes.map { n in var n = n; n.text = clean(n.text); return n }
            call.error = call.error.map(clean)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(Out(call: call, utterances: utterances, analysis: analysis, notes: notes, redacted: redact))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: Subtitles

    func subtitles(vtt: Bool) -> String {
        var out = vtt ? "WEBVTT\n\n" : ""
        for (i, u) in utterances.enumerated() {
            if !vtt { out += "\(i + 1)\n" }
            out += "\(ReportTime.cue(u.start, vtt: vtt)) --> \(ReportTime.cue(max(u.end, u.start + 0.5), vtt: vtt))\n"
            let speaker = u.speaker == .mixed ? "" : (vtt ? "<v \(u.speaker.rawValue)>" : "[\(u.speaker.rawValue)] ")
            out += speaker + clean(u.text) + "\n\n"
        }
        return out
    }
}

/// Time and number formats of reports.
public enum ReportTime {
    /// SRT "00:03:12,400" or VTT "00:03:12.400".
    public static func cue(_ seconds: Double, vtt: Bool) -> String {
        let ms = Int((max(0, seconds) * 1000).rounded())
        return String(format: "%02d:%02d:%02d%@%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, vtt ? "." : ",", ms % 1000)
    }

    static func score(_ v: Double) -> String { String(format: "%.1f", v) }
    static func points(_ v: Double) -> String { String(format: "%+.1f", v) }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: date)
    }
}
