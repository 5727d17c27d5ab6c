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
            while hitIndex < call.hits.count, call.hits[hitIndex].utterance < i { hitIndex += 1 }
            var k = hitIndex
            while k < call.hits.count, call.hits[k].utterance == i {
                let h = call.hits[k]
                k += 1
                guard !h.negated, h.hit.role == .negative else { continue }
                weight += call.category(of: h).weight * call.category(of: h).terms[h.hit.termIndex].weight
                words.append(call.term(of: h))
            }
            guard weight > 0 else { continue }
            let u = call.utterances[i]
            var ratio: Double?
            if weight < s.angerWeight, let p = call.pace[i] {
                if baseline == nil { baseline = speakerBaselines(call) }
                if let base = baseline?[slot(u.speaker)] ?? nil, base > 0 { ratio = p / base }
            }
            let fast = (ratio ?? 0) >= s.agitatedRateRatio
            let exclaims = hasExclamation(u.normalizedText)
            guard weight >= s.angerWeight || (weight >= s.agitatedAngerWeight && (fast || exclaims)) else { continue }
            var evidence = words.joined(separator: lang.pick("、", ", "))
            if fast { evidence += lang.pick("；语速为平时的 \(seconds1(ratio ?? 0)) 倍", "; \(seconds1(ratio ?? 0))× their usual pace") }
            if exclaims && weight < s.angerWeight { evidence += lang.pick("；感叹语气", "; exclaiming") }
            markers.append(Marker(kind: .emotion, category: "angry", speaker: u.speaker, start: u.start,
                                  end: u.end, matchedText: words.joined(separator: lang.pick("、", ", ")),
                                  polarity: .negative, severity: .medium,
                                  explanation: lang.pick("\(lang.speaker(u.speaker))情绪激动：\(evidence)",
                                                         "\(lang.speaker(u.speaker)) sounds angry: \(evidence)"),
                                  utteranceIndex: i))
        }
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
