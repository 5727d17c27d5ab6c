/// Emotion per utterance. The model's tag wins when there is one (SenseVoice: HAPPY, ANGRY, SAD, …);
/// without one, emotion is inferred from evidence: negative/positive keyword density in the utterance and its
/// pace against the same speaker's median pace in this call (loudness is not available to analysis).
///
/// Inferred markers use the categories "negative" / "positive"; tagged ones use the tag in lower case.
enum EmotionMarkers {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let s = call.settings
        let lang = call.language
        let baseline = speakerBaselines(call)
        var hitIndex = 0
        for (i, u) in call.utterances.enumerated() {
            var negative = 0.0, positive = 0.0
            var words: [String] = []
            while hitIndex < call.hits.count, call.hits[hitIndex].utterance < i { hitIndex += 1 }
            var k = hitIndex
            while k < call.hits.count, call.hits[k].utterance == i {
                let h = call.hits[k]
                k += 1
                guard !h.negated else { continue }
                switch h.hit.role {
                case .negative: negative += 1; words.append(call.term(of: h))
                case .positive: positive += 1; words.append(call.term(of: h))
                default: break
                }
            }

            if let raw = u.emotion, let tag = normalizedTag(raw) {
                guard let polarity = tagPolarity(tag), polarity != .neutral else { continue }
                markers.append(Marker(kind: .emotion, category: tag.lowercased(), speaker: u.speaker, start: u.start,
                                      end: u.end, matchedText: "", polarity: polarity,
                                      severity: polarity == .negative ? .medium : .info,
                                      explanation: lang.pick("识别模型判断\(lang.speaker(u.speaker))情绪为 \(tag)",
                                                             "the model tagged \(lang.speaker(u.speaker)) as \(tag)"),
                                      utteranceIndex: i))
                continue
            }

            var ratio: Double?
            if let p = call.pace[i], let base = baseline[u.speaker], base > 0 { ratio = p / base }
            let fast = (ratio ?? 0) >= s.agitatedRateRatio
            if negative >= s.emotionNegativeHits || (negative >= 1 && fast) {
                let evidence = words.joined(separator: lang.pick("、", ", "))
                let pace = fast ? lang.pick("，语速为其平时的 \(seconds1(ratio ?? 0)) 倍",
                                            ", speaking \(seconds1(ratio ?? 0))× their usual pace") : ""
                markers.append(Marker(kind: .emotion, category: "negative", speaker: u.speaker, start: u.start,
                                      end: u.end, matchedText: evidence, polarity: .negative, severity: .medium,
                                      explanation: lang.pick("\(lang.speaker(u.speaker))情绪负面：\(evidence)\(pace)",
                                                             "\(lang.speaker(u.speaker)) sounds upset: \(evidence)\(pace)"),
                                      utteranceIndex: i))
            } else if positive >= s.emotionPositiveHits && negative == 0 {
                let evidence = words.joined(separator: lang.pick("、", ", "))
                markers.append(Marker(kind: .emotion, category: "positive", speaker: u.speaker, start: u.start,
                                      end: u.end, matchedText: evidence, polarity: .positive, severity: .info,
                                      explanation: lang.pick("\(lang.speaker(u.speaker))情绪积极：\(evidence)",
                                                             "\(lang.speaker(u.speaker)) sounds pleased: \(evidence)"),
                                      utteranceIndex: i))
            }
        }
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
    static func speakerBaselines(_ call: CallFacts) -> [Speaker: Double] {
        var paces: [Speaker: [Double]] = [:]
        for (i, u) in call.utterances.enumerated() {
            if let p = call.pace[i] { paces[u.speaker, default: []].append(p) }
        }
        var out: [Speaker: Double] = [:]
        for (speaker, list) in paces where list.count >= 3 {
            let sorted = list.sorted()
            out[speaker] = sorted[sorted.count / 2]
        }
        return out
    }
}
