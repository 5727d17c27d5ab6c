/// Language and dialect segments: runs of consecutive utterances in one language (from dialect cue words,
/// the recogniser's language tag, or the script). Every dialect run gets a marker, and so does every run in
/// a language other than the call's main one, the one it opened in (English turns in a Mandarin call).
/// Category is the language tag: "en", "yue", "sichuan", …. Utterances with no language (noise, digits)
/// join the run around them.
enum LanguageSegments {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let dialects = call.dialects
        let primary = call.mainLanguage
        let lang = call.language
        var runStart = 0
        var current: String?
        func close(_ end: Int) {
            guard let tag = current, tag != primary || dialects.contains(tag), end > runStart else { return }
            let us = call.utterances[runStart..<end]
            let speakers = Set(us.map(\.speaker))
            var cueWords: [String] = []
            for i in runStart..<end { for w in call.cues[i] where !cueWords.contains(w) { cueWords.append(w) } }
            let cueText = cueWords.joined(separator: lang.pick("、", ", "))
            let name = displayName(tag, lang)
            let explanation = cueWords.isEmpty
                ? lang.pick("\(name)片段（\(end - runStart) 句）", "\(name) segment (\(end - runStart) utterances)")
                : lang.pick("\(name)片段，方言词：\(cueText)", "\(name) segment, cue words: \(cueText)")
            markers.append(Marker(kind: .language, category: tag, speaker: speakers.count == 1 ? speakers.first : nil,
                                  start: us.first!.start, end: us.map(\.end).max()!, matchedText: cueText,
                                  polarity: .neutral, severity: .info, explanation: explanation,
                                  utteranceIndex: runStart))
        }
        for (i, tag) in call.utteranceLanguage.enumerated() {
            guard let tag else { continue }
            if current == nil { current = tag; runStart = 0; continue }
            if tag != current {
                close(i)
                current = tag
                runStart = i
            }
        }
        close(call.utterances.count)
    }

    static func displayName(_ tag: String, _ lang: ReportLanguage) -> String {
        switch tag {
        case "yue": return lang.pick("粤语", "Cantonese")
        case "sichuan": return lang.pick("四川话", "Sichuanese")
        case "en": return lang.pick("英语", "English")
        case "zh": return lang.pick("普通话", "Mandarin")
        case "ja": return lang.pick("日语", "Japanese")
        case "ko": return lang.pick("韩语", "Korean")
        default: return tag
        }
    }
}
