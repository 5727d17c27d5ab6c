/// One marker per piece of personal data said in the call. The marker carries the masked form only, so
/// markers can be stored, shown and exported without leaking what they flag.
enum PIIMarkers {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let lang = call.language
        for (i, found) in call.pii.enumerated() where !found.isEmpty {
            let u = call.utterances[i]
            let mapping = TimeMapping(u)
            let scalars = Array(u.normalizedText.unicodeScalars)
            for m in found {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[m.range])
                let masked = Redactor.masked(String(text), kind: m.kind)
                let t = mapping.span(m.range.lowerBound, m.range.upperBound, of: scalars.count)
                let what = name(m.kind, lang)
                let agent = call.isAgentSide(u.speaker) && call.hasCustomer
                markers.append(Marker(kind: .pii, category: m.kind.rawValue, speaker: u.speaker, start: t.start,
                                      end: t.end, matchedText: masked, polarity: agent ? .negative : .neutral,
                                      severity: agent ? .high : .medium,
                                      explanation: lang.pick("\(lang.speaker(u.speaker))说出了\(what)（导出时已脱敏）",
                                                             "\(lang.speaker(u.speaker)) said \(what) (masked in exports)"),
                                      utteranceIndex: i))
            }
        }
    }

    static func name(_ kind: PIIKind, _ lang: ReportLanguage) -> String {
        switch kind {
        case .phone: return lang.pick("手机号", "a phone number")
        case .idCard: return lang.pick("身份证号", "an ID number")
        case .bankCard: return lang.pick("银行卡号", "a card number")
        case .account: return lang.pick("账号", "an account number")
        case .email: return lang.pick("邮箱地址", "an e-mail address")
        case .number: return lang.pick("一串号码", "a long number")
        }
    }
}
