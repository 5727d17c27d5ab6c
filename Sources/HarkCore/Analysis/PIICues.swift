/// Words that say what the number after them is (卡号, 手机, 身份证, card, phone): the number is personal data
/// even when the recogniser dropped a digit and no check digit can confirm it.
struct PIICues {
    struct Cue {
        var kind: PIIKind
        var range: Range<Int>
    }

    /// A number this many scalars after a cue belongs to it (手机号是 1581263549, "my phone is 136…").
    static let reach = 12

    /// Chinese cues in both scripts (the displayed text may be as recognised), English ones lower case.
    /// `.number` cues (验证码, order number) mask shorter runs but make no marker.
    static let table: [(String, PIIKind)] = [
        ("手机", .phone), ("手機", .phone), ("电话", .phone), ("電話", .phone), ("联系方式", .phone), ("聯繫方式", .phone),
        ("身份证", .idCard), ("身份證", .idCard), ("证件", .idCard), ("證件", .idCard),
        ("卡号", .bankCard), ("卡號", .bankCard), ("银行卡", .bankCard), ("銀行卡", .bankCard), ("信用卡", .bankCard),
        ("借记卡", .bankCard), ("借記卡", .bankCard),
        ("账号", .account), ("賬號", .account), ("帐号", .account), ("帳號", .account), ("账户", .account), ("賬戶", .account),
        ("验证码", .number), ("驗證碼", .number), ("取件码", .number), ("取件碼", .number), ("密码", .number), ("密碼", .number),
        ("号码", .number), ("號碼", .number), ("单号", .number), ("單號", .number),
        ("phone", .phone), ("mobile", .phone), ("cell", .phone), ("call me", .phone),
        ("card", .bankCard), ("account", .account), ("id", .idCard), ("identity", .idCard), ("passport", .idCard),
        ("number", .number), ("code", .number), ("pin", .number),
    ]
    static let emailWords: [String] = ["email", "e-mail", "mail", "邮箱", "郵箱", "邮件", "郵件", "电邮", "電郵"]

    private(set) var numberCues: [Cue] = []
    private(set) var emailCues: [Range<Int>] = []

    /// What `text` asks for, for the next turn's numbers (nil when it names no kind of personal data).
    public static func asked(in text: String) -> [PIIKind] {
        find(in: Array(text.unicodeScalars)).asked
    }

    static func find(in s: [Unicode.Scalar]) -> PIICues {
        var cues = PIICues()
        guard s.count >= 2 else { return cues }
        for i in s.indices {
            for (word, kind) in table where matches(word, s, at: i) {
                cues.numberCues.append(Cue(kind: kind, range: i..<(i + word.unicodeScalars.count)))
            }
            for word in emailWords where matches(word, s, at: i) {
                cues.emailCues.append(i..<(i + word.unicodeScalars.count))
            }
        }
        return cues
    }

    /// Case-insensitive match of `word` at `i`; a Latin word only on word boundaries ("id" not in "idea").
    static func matches(_ word: String, _ s: [Unicode.Scalar], at i: Int) -> Bool {
        let w = Array(word.unicodeScalars)
        guard i + w.count <= s.count else { return false }
        for k in w.indices {
            let c = s[i + k]
            let lower = PIIDetector.isASCIILetter(c) ? Unicode.Scalar(c.value | 0x20)! : c
            if lower != w[k] { return false }
        }
        if PIIDetector.isASCIILetter(w[0]) {
            if i > 0, PIIDetector.isASCIILetter(s[i - 1]) { return false }
            if i + w.count < s.count, PIIDetector.isASCIILetter(s[i + w.count]) { return false }
        }
        return true
    }

    /// The specific kinds the text asks for, in order (请报一下卡号和手机号 → card, phone): the next speaker's
    /// numbers are of those kinds.
    var asked: [PIIKind] {
        var out: [PIIKind] = []
        for c in numberCues.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where c.kind != .number {
            if out.last != c.kind { out.append(c.kind) }
        }
        return out
    }

    /// The kind the cue nearest before `position` gives a number there: a specific kind (手机) over a
    /// general one (号码) when both are in reach, as in 身份证号码.
    func numberCue(before position: Int) -> PIIKind? {
        let near = numberCues.filter { $0.range.upperBound <= position && position - $0.range.upperBound <= Self.reach }
        if let specific = near.filter({ $0.kind != .number }).max(by: { $0.range.upperBound < $1.range.upperBound }) {
            return specific.kind
        }
        return near.isEmpty ? nil : .number
    }
}
