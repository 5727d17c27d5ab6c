/// Cuts a mono call's utterances where the voice changes and labels each piece with its diarization speaker:
/// an utterance that holds both voices is split at the recogniser's token times, never given wholesale to one.
public enum SpeakerSplit {
    /// A run of tokens shorter than this (seconds) is not a turn of its own (one token's time is approximate).
    public static let minRun = 0.8

    /// - Parameter render: the display and normalised text of a piece, from its tokens' text as recognised.
    public static func split(_ utterances: [Utterance], by diarization: Diarization,
                             render: (String) -> (text: String, normalized: String)) -> [(utterance: Utterance, speaker: Int)] {
        var out: [(utterance: Utterance, speaker: Int)] = []
        for u in utterances {
            guard u.tokens.count >= 2 else {
                out.append((u, dominant(u.start, u.end, diarization)))
                continue
            }
            var labels = u.tokens.map { diarization.speaker(at: $0.start + 0.05) ?? dominant(u.start, u.end, diarization) }
            smooth(&labels, u)
            var pieces: [(from: Int, to: Int)] = []   // token index ranges, to exclusive
            for i in labels.indices {
                if let last = pieces.last, labels[last.from] == labels[i] { pieces[pieces.count - 1].to = i + 1 } else {
                    pieces.append((i, i + 1))
                }
            }
            if pieces.count == 1 {
                out.append((u, labels[0]))
                continue
            }
            for (k, p) in pieces.enumerated() {
                let tokens = Array(u.tokens[p.from..<p.to])
                let start = k == 0 ? u.start : tokens[0].start
                let end = k == pieces.count - 1 ? u.end : u.tokens[p.to].start
                let raw = tokens.map(\.text).joined().trimmingSpaces
                let (text, normalized) = render(raw)
                var piece = Utterance(speaker: u.speaker, channel: u.channel, start: start, end: max(end, start + 0.05),
                                      text: text, normalizedText: normalized, language: u.language, emotion: u.emotion,
                                      event: u.event, tokens: tokens, rawText: u.rawText == nil ? nil : raw,
                                      pitch: u.pitch, loudness: u.loudness)
                piece.normalizedText = normalized
                out.append((piece, labels[p.from]))
            }
        }
        return out
    }

    /// Token runs shorter than `minRun` take the label of the longer neighbouring run.
    static func smooth(_ labels: inout [Int], _ u: Utterance) {
        func runs() -> [(from: Int, to: Int)] {
            var r: [(from: Int, to: Int)] = []
            for i in labels.indices {
                if let last = r.last, labels[last.from] == labels[i] { r[r.count - 1].to = i + 1 } else { r.append((i, i + 1)) }
            }
            return r
        }
        func length(_ run: (from: Int, to: Int)) -> Double {
            let end = run.to < u.tokens.count ? u.tokens[run.to].start : u.end
            return end - u.tokens[run.from].start
        }
        var r = runs()
        while r.count > 1, let i = r.indices.filter({ length(r[$0]) < minRun }).min(by: { length(r[$0]) < length(r[$1]) }) {
            let left = i > 0 ? length(r[i - 1]) : -1
            let right = i + 1 < r.count ? length(r[i + 1]) : -1
            let label = labels[left >= right ? r[i - 1].from : r[i + 1].from]
            for t in r[i].from..<r[i].to { labels[t] = label }
            r = runs()
        }
    }

    /// The speaker whose turns cover most of [start, end]; the nearest turn's when none overlaps; 0 without turns.
    static func dominant(_ start: Double, _ end: Double, _ d: Diarization) -> Int {
        var cover = [0.0, 0.0]
        for t in d.turns where t.start < end && t.end > start && t.speaker < 2 { cover[t.speaker] += min(end, t.end) - max(start, t.start) }
        if cover[0] + cover[1] > 0 { return cover[1] > cover[0] ? 1 : 0 }
        let mid = (start + end) / 2
        return d.turns.min { abs(($0.start + $0.end) / 2 - mid) < abs(($1.start + $1.end) / 2 - mid) }?.speaker ?? 0
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
