/// The language an utterance is in, kept to the languages the centre's calls are in: small recognisers tag
/// a garbled or two-word turn with odd languages (Latin, Japanese, Welsh), and a supervisor reading
/// "EN LA" on an English call trusts nothing after it.
enum UtteranceLanguage {
    /// The recogniser's tag when it is an allowed language and the script agrees; else what the script says
    /// (Han → zh, Latin letters → en); nil when neither says anything.
    static func plausible(tag raw: String?, counts c: TextScan.Counts, allowed: [String]) -> String? {
        let script = self.script(c)
        if let raw, !raw.isEmpty {
            let tag = raw.lowercased()
            if allowed.contains(tag), script == nil || tagFitsScript(tag, script!) { return tag }
        }
        guard let script, allowed.contains(script) || allowed.isEmpty else { return script }
        return script
    }

    /// zh for mostly Han text, en for Latin letters, nil for digits and punctuation.
    static func script(_ c: TextScan.Counts) -> String? {
        if c.han > 0 && c.han * 2 >= c.words { return "zh" }
        if c.latinLetters > 0 { return "en" }
        return nil
    }

    /// Chinese varieties are written in Han characters, English in Latin letters.
    static func tagFitsScript(_ tag: String, _ script: String) -> Bool {
        switch tag {
        case "zh", "yue", "wuu", "ja": return script == "zh"
        case "en": return script == "en"
        default: return true
        }
    }

    /// Short utterances (“好的”, "okay") take the language of the utterances around them unless their script
    /// is plainly another one: 好的 in an English call is still Chinese, "ok" in a Mandarin call is not English.
    static func settleShort(_ languages: [String?], _ utterances: [Utterance], _ counts: [TextScan.Counts],
                            settings: AnalysisSettings) -> [String?] {
        var out = languages
        for i in languages.indices {
            guard let tag = languages[i] else { continue }
            let units = max(counts[i].han, counts[i].words)
            guard utterances[i].duration < settings.languageMinDuration || units < settings.languageMinUnits else { continue }
            let before = languages[..<i].last { $0 != nil } ?? nil
            let after = languages[(i + 1)...].first { $0 != nil } ?? nil
            let around = before ?? after
            guard let around, around != tag else { continue }
            // A different script is a real switch (an English "thank you" after Mandarin is a choice);
            // only a short turn in the same script, or a tag the script does not show, is smoothed over.
            let script = self.script(counts[i])
            let aroundScript = around == "en" ? "en" : "zh"
            if let script, script != aroundScript, units >= 2 { continue }
            out[i] = nil
        }
        return out
    }
}
