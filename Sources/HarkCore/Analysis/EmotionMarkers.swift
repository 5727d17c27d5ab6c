import Foundation

/// Emotion per utterance. The model's tag wins when there is one (SenseVoice: HAPPY, ANGRY, SAD, …);
/// without one, anger is inferred for the customer side from evidence: the summed weight of negative
/// keywords in the utterance (`angerWeight`: one 投诉 or two 不满), or a smaller weight said agitatedly —
/// an exclamation mark in the transcript, or a pace well above the same speaker's median pace in this call
/// (loudness is not available to analysis). Agents echoing a complaint ("您的投诉我已记录") are not angry,
/// and keyword praise is left to the score: politeness is not joy.
///
/// Markers use the model's vocabulary in lower case ("angry", "happy", "sad").
enum EmotionMarkers {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let s = call.settings
        let lang = call.language
        var baseline: [Double?]?
        var voice: [(pitch: Double, loudness: Double)?]?
        var hitIndex = 0
        for i in call.utterances.indices {
            if let raw = call.utterances[i].emotion, let tag = normalizedTag(raw) {
                let u = call.utterances[i]
                guard let polarity = tagPolarity(tag), polarity != .neutral else { continue }
                markers.append(Marker(kind: .emotion, category: tag.lowercased(), speaker: u.speaker, start: u.start,
                                      end: u.end, matchedText: "", polarity: polarity,
                                      severity: polarity == .negative ? .medium : .info,
                                      explanation: lang.pick("识别模型判断\(lang.speaker(u.speaker))情绪为 \(tag)",
                                                             "the model tagged \(lang.speaker(u.speaker)) as \(tag)"),
                                      utteranceIndex: i))
                continue
            }
            guard call.isCustomerSide(call.speakers[i]) else { continue }
            var weight = 0.0
            var words: [String] = []
            var pleased = false
            while hitIndex < call.hits.count, call.hits[hitIndex].utterance < i { hitIndex += 1 }
            var k = hitIndex
            while k < call.hits.count, call.hits[k].utterance == i {
                let h = call.hits[k]
                k += 1
                if !h.negated, h.hit.role == .positive { pleased = true }
                guard !h.negated, h.hit.role == .negative else { continue }
                weight += call.category(of: h).weight * call.category(of: h).terms[h.hit.termIndex].weight
                words.append(call.term(of: h))
            }
            let u = call.utterances[i]
            if baseline == nil { baseline = speakerBaselines(call) }
            var ratio: Double?
            if let p = call.pace[i], let base = baseline?[slot(u.speaker)] ?? nil, base > 0 { ratio = p / base }
            if voice == nil { voice = voiceBaselines(call) }
            let change = voice.flatMap { voiceChange(u, baseline: $0[slot(u.speaker)], settings: s) }
            let fast = (ratio ?? 0) >= s.agitatedRateRatio
            // A raised voice that thanks or praises (巴适得很, 谢谢你提醒我) is pleased, not angry.
            let heard = pleased && weight == 0 ? nil : change.flatMap { $0.isAgitated(fast: fast, s) ? $0 : nil }
            // A complaint word said in a somewhat raised voice: each piece of evidence alone is weak, together
            // they are anger (the recogniser drops the "!" that would say so in text).
            let raised = weight >= s.agitatedAngerWeight && !pleased
                ? change.flatMap { $0.isRaised(s) ? $0 : nil } : nil
            guard weight > 0 || heard != nil else { continue }
            let exclaims = hasExclamation(u.normalizedText)
            guard weight >= s.angerWeight || heard != nil
                    || (weight >= s.agitatedAngerWeight && (fast || exclaims || raised != nil)) else {
                continue
            }
            var evidence = words.joined(separator: lang.pick("、", ", "))
            if let heard = heard ?? raised {
                let voiceText = lang.pick(
                    "音高 \(signed(heard.semitones)) 个半音，音量 \(signed(heard.decibels)) dB"
                        + (ratio.flatMap { $0 >= 1.1 ? "，语速为平时的 \(seconds1($0)) 倍" : nil } ?? ""),
                    "pitch \(signed(heard.semitones)) semitones, \(signed(heard.decibels)) dB"
                        + (ratio.flatMap { $0 >= 1.1 ? ", \(seconds1($0))× faster than their usual" : nil } ?? ""))
                evidence = evidence.isEmpty ? voiceText : evidence + lang.pick("；", "; ") + voiceText
            } else {
                if fast { evidence += lang.pick("；语速为平时的 \(seconds1(ratio ?? 0)) 倍", "; \(seconds1(ratio ?? 0))× their usual pace") }
                if exclaims && weight < s.angerWeight { evidence += lang.pick("；感叹语气", "; exclaiming") }
            }
            markers.append(Marker(kind: .emotion, category: "angry", speaker: u.speaker, start: u.start,
                                  end: u.end, matchedText: words.joined(separator: lang.pick("、", ", ")),
                                  polarity: .negative, severity: .medium,
                                  explanation: lang.pick("\(lang.speaker(u.speaker))情绪激动：\(evidence)",
                                                         "\(lang.speaker(u.speaker)) sounds agitated: \(evidence)"),
                                  utteranceIndex: i))
        }
    }

    /// How much higher and louder than the speaker's calm voice an utterance is.
    struct Agitation {
        var semitones: Double
        var decibels: Double

        /// Agitated from the voice alone: both thresholds, or 60 % of each with a fast pace.
        func isAgitated(fast: Bool, _ s: AnalysisSettings) -> Bool {
            (semitones >= s.agitatedSemitones && decibels >= s.agitatedDecibels)
                || (fast && semitones >= s.agitatedSemitones * 0.6 && decibels >= s.agitatedDecibels * 0.6)
        }

        /// Somewhat raised (`raisedSemitones`, `raisedDecibels`): not enough alone, enough beside a complaint word.
        func isRaised(_ s: AnalysisSettings) -> Bool { semitones >= s.raisedSemitones && decibels >= s.raisedDecibels }
    }

    /// The utterance's voice against the speaker's calm one; nil when either was not measured, the turn is too
    /// short to judge, or the pitch moved over half an octave (the tracker jumping an octave, not a voice rising).
    static func voiceChange(_ u: Utterance, baseline: (pitch: Double, loudness: Double)?,
                            settings s: AnalysisSettings) -> Agitation? {
        guard let baseline, let pitch = u.pitch, let loudness = u.loudness, u.duration >= s.agitationMinDuration else {
            return nil
        }
        let a = Agitation(semitones: 12 * log2(pitch / baseline.pitch), decibels: loudness - baseline.loudness)
        return a.semitones < 7 ? a : nil
    }

    /// Each speaker's calm voice: the lower quartile of their utterances' pitch and loudness. Not the median: a
    /// complaining caller is agitated in most of their turns, and the median would be the agitation itself;
    /// not lower, or an ordinary caller's quietest turn makes every other one sound raised (measured on a real
    /// calm service call: the eighth-lowest flagged 4 of 21 turns, the quartile 1). Nil where a speaker has
    /// fewer than 3 measured utterances.
    static func voiceBaselines(_ call: CallFacts) -> [(pitch: Double, loudness: Double)?] {
        var pitch: [[Double]] = [[], [], []], loud: [[Double]] = [[], [], []]
        for u in call.utterances where u.duration >= call.settings.agitationMinDuration {
            guard let p = u.pitch, let l = u.loudness else { continue }
            pitch[slot(u.speaker)].append(p)
            loud[slot(u.speaker)].append(l)
        }
        return (0..<3).map { k in
            guard pitch[k].count >= 3 else { return nil }
            let p = pitch[k].sorted(), l = loud[k].sorted()
            return (p[p.count / 4], l[l.count / 4])
        }
    }

    static func signed(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r >= 0 ? "+\(r)" : "\(r)"
    }

    /// "!" or the full-width "！" (EF BC 81), which normalisation may have left in place.
    static func hasExclamation(_ text: String) -> Bool {
        var prev1: UInt8 = 0, prev2: UInt8 = 0
        for b in text.utf8 {
            if b == 0x21 || (prev2 == 0xEF && prev1 == 0xBC && b == 0x81) { return true }
            prev2 = prev1
            prev1 = b
        }
        return false
    }

    /// "<|ANGRY|>", "angry", "EMO_UNKNOWN" → "ANGRY" or nil when the model did not know.
    static func normalizedTag(_ raw: String) -> String? {
        var t = raw.uppercased()
        t.removeAll { $0 == "<" || $0 == ">" || $0 == "|" }
        if t.hasPrefix("EMO_") { t.removeFirst(4) }
        return t.isEmpty || t == "UNKNOWN" || t == "UNK" ? nil : t
    }

    static func tagPolarity(_ tag: String) -> Polarity? {
        switch tag {
        case "HAPPY": return .positive
        case "ANGRY", "SAD", "FEARFUL", "DISGUSTED": return .negative
        case "NEUTRAL", "SURPRISED": return .neutral
        default: return nil
        }
    }

    /// Median pace of each speaker's measurable utterances.
    /// Indexed by `slot(speaker)`; nil where the speaker has fewer than 3 measurable utterances.
    static func speakerBaselines(_ call: CallFacts) -> [Double?] {
        var paces: [[Double]] = [[], [], []]
        for i in call.utterances.indices {
            if let p = call.pace[i] { paces[slot(call.speakers[i])].append(p) }
        }
        return paces.map { list in
            guard list.count >= 3 else { return nil }
            let sorted = list.sorted()
            return sorted[sorted.count / 2]
        }
    }

    @inline(__always)
    static func slot(_ s: Speaker) -> Int {
        switch s {
        case .agent: return 0
        case .customer: return 1
        case .mixed: return 2
        }
    }
}
