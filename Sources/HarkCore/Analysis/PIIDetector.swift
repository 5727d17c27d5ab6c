/// The kinds of personal data analysis spots and exports mask.
public enum PIIKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Mainland mobile number (11 digits, 1[3-9]…), or a number said after 手机 / 电话 / phone.
    case phone
    /// 18-character resident ID, or a long number said after 身份证 / ID.
    case idCard = "id_number"
    /// Card number (Luhn-valid, or said after 卡号 / card).
    case bankCard = "card"
    /// A long number said after 账号 / account.
    case account
    case email
    /// A long number of no known kind (order numbers, codes): masked in exports, never a marker.
    case number
}

/// One piece of personal data in a text; `range` counts Unicode scalars.
public struct PIIMatch: Sendable, Hashable {
    public var kind: PIIKind
    public var range: Range<Int>

    public init(kind: PIIKind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}

/// Finds personal data in text as the recogniser wrote it, recall first: Whisper drops or changes a digit,
/// groups digits oddly (1395 246 80), writes them as 一三八… and spells an e-mail address out, so a strict
/// 11-digit or Luhn check lets most real numbers through.
///
/// - `maskable(in:)`, what exports mask: every run of 6+ digits across separators (space , . - / 、), shorter
///   runs after a cue word (卡号, 手机, 验证码, card, phone…), and e-mail addresses written or spoken
///   ("sarah dot miller at example dot com"). Prices (¥1299.00), times (14:30), dates (2026-11-23) and amounts
///   under six digits stay readable.
/// - `find(in:)`, what markers flag: the maskable spans whose kind is known (by a cue word, or by shape:
///   a mobile prefix, an ID check digit, Luhn).
public enum PIIDetector {
    /// - Parameter asked: what the previous turn asked for, in order (请报一下卡号 → the answer's first number
    ///   is a card).
    public static func find(in text: String, asked: [PIIKind] = []) -> [PIIMatch] {
        maskable(in: text, asked: asked).filter { $0.kind != .number }
    }

    public static func maskable(in text: String, asked: [PIIKind] = []) -> [PIIMatch] {
        guard mayHoldPII(text) else { return [] }
        let s = Array(text.unicodeScalars)
        let cues = PIICues.find(in: s)
        var out: [PIIMatch] = []
        var i = 0
        var answered = 0
        while i < s.count {
            if digit(s[i]) != nil {
                let run = DigitRun(s, from: i)
                let own = cues.numberCue(before: run.range.lowerBound)
                let cue = own ?? (answered < asked.count ? asked[answered] : nil)
                if let kind = classify(run, s, cue: cue) {
                    out.append(PIIMatch(kind: kind, range: run.range))
                }
                if run.digits.count >= 4 { answered += 1 }
                i = run.range.upperBound
                continue
            }
            i += 1
        }
        for email in SpokenEmail.find(in: s, cues: cues) {
            out.removeAll { $0.range.overlaps(email) }
            out.append(PIIMatch(kind: .email, range: email))
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Cheap pre-check run on every utterance: masking needs an '@' (or 艾特), the word "at" or "dot", or
    /// at least 4 digits.
    static func mayHoldPII(_ text: String) -> Bool {
        var digits = 0
        var word: UInt32 = 0, letters = 0
        for s in text.unicodeScalars {
            if s == "@" || s == "艾" { return true }
            if isASCIILetter(s) {
                word = word << 8 | (s.value | 0x20)
                letters += 1
                continue
            }
            if (letters == 2 && word == 0x6174) || (letters == 3 && word == 0x646F74) { return true } // at, dot
            word = 0
            letters = 0
            if digit(s) != nil {
                digits += 1
                if digits >= 4 { return true }
            }
        }
        return (letters == 2 && word == 0x6174) || (letters == 3 && word == 0x646F74)
    }

    // MARK: Numbers

    /// The kind of a digit run, nil when it stays readable.
    static func classify(_ run: DigitRun, _ s: [Unicode.Scalar], cue: PIIKind?) -> PIIKind? {
        let n = run.digits.count + (run.hasX ? 1 : 0)
        if run.isDate { return nil }
        var d = run.digits[...]
        if run.groups.count >= 2, run.groups[0] == 2, d.starts(with: [8, 6]) { d = d.dropFirst(2) }
        // A number that passes its own check is what it says, whatever was asked for.
        if !run.hasX, isPhone(d) { return .phone }
        if n == 18, isResidentID(run.digits, x: run.hasX) { return .idCard }
        let issuer = !run.digits.isEmpty && [3, 4, 5, 6].contains(run.digits[0])
        if !run.hasX, (13...19).contains(run.digits.count), luhn(run.digits), issuer || cue == .bankCard {
            return .bankCard
        }
        switch cue {
        case .phone? where n >= 7: return .phone
        case .idCard? where n >= 8: return .idCard
        case .bankCard? where n >= 8: return .bankCard
        case .account? where n >= 6: return .account
        default: break
        }
        guard n >= 6 else { return cue == .number && n >= 4 ? .number : nil }
        // A digit dropped, added or misheard: the shape still tells.
        if !run.hasX, (10...12).contains(d.count), d.first == 1, (3...9).contains(d.dropFirst().first ?? 0) {
            return .phone
        }
        if !run.hasX, (15...19).contains(run.digits.count), issuer { return .bankCard }
        return .number
    }

    static func isPhone<C: Collection>(_ d: C) -> Bool where C.Element == UInt8 {
        guard d.count == 11 else { return false }
        let a = Array(d)
        return a[0] == 1 && (3...9).contains(a[1])
    }

    /// GB 11643: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written X.
    static func isResidentID(_ d: [UInt8], x: Bool) -> Bool {
        guard d.count == (x ? 17 : 18) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for k in 0..<17 { sum += Int(d[k]) * weights[k] }
        let check = (12 - sum % 11) % 11
        guard x ? check == 10 : Int(d[17]) == check else { return false }
        let year = d[6..<10].reduce(0) { $0 * 10 + Int($1) }
        let month = Int(d[10]) * 10 + Int(d[11])
        let day = Int(d[12]) * 10 + Int(d[13])
        return (1900...2099).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }

    static func luhn(_ d: [UInt8]) -> Bool {
        var sum = 0
        for (k, digit) in d.reversed().enumerated() {
            var v = Int(digit)
            if k % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }

    // MARK: Character classes

    /// The value of an ASCII, full-width, or Chinese digit: recognisers often write a spoken phone number as
    /// 一三八…, and callers read 1 as 幺.
    @inline(__always)
    public static func digit(_ c: Unicode.Scalar) -> UInt8? {
        if c.value >= 0x30 && c.value <= 0x39 { return UInt8(c.value - 0x30) }
        if c.value >= 0xFF10 && c.value <= 0xFF19 { return UInt8(c.value - 0xFF10) }
        guard c.value >= 0x3007 else { return nil }
        return chineseDigit(c.value)
    }

    @inline(__always)
    static func chineseDigit(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x96F6, 0x3007: return 0 // 零 〇
        case 0x4E00, 0x5E7A: return 1 // 一 幺
        case 0x4E8C, 0x4E24: return 2 // 二 两
        case 0x4E09: return 3
        case 0x56DB: return 4
        case 0x4E94: return 5
        case 0x516D: return 6
        case 0x4E03: return 7
        case 0x516B: return 8
        case 0x4E5D: return 9
        default: return nil
        }
    }

    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x61 && c.value <= 0x7A) || (c.value >= 0x41 && c.value <= 0x5A)
    }

    static func isASCIIAlnum(_ c: Unicode.Scalar) -> Bool {
        isASCIILetter(c) || (c.value >= 0x30 && c.value <= 0x39)
    }
}

/// A run of digits as a reader sees one number: digits joined across single separators, a trailing X
/// (IDs), a decimal fraction left out (¥1299.00 is 1299 and a price).
struct DigitRun {
    var range: Range<Int>
    var digits: [UInt8] = []
    var groups: [Int] = [0]
    var hasX = false
    /// 2026-11-23, 2026/1/5: a date, not a number to hide.
    var isDate = false

    static let separators: Set<Unicode.Scalar> = [" ", ",", ".", "-", "/", "、", "，", "—", "–"]

    init(_ s: [Unicode.Scalar], from start: Int) {
        var i = start
        var end = start
        var separatorsSeen: [Unicode.Scalar] = []
        while i < s.count {
            if let d = PIIDetector.digit(s[i]) {
                digits.append(d)
                groups[groups.count - 1] += 1
                i += 1
                end = i
            } else if Self.separators.contains(s[i]), i + 1 < s.count, PIIDetector.digit(s[i + 1]) != nil,
                      !Self.isDecimalPoint(s, at: i) {
                groups.append(0)
                separatorsSeen.append(s[i])
                i += 1
            } else {
                break
            }
        }
        if end < s.count, s[end] == "x" || s[end] == "X", digits.count == 17 {
            hasX = true
            end += 1
        }
        range = start..<end
        if groups.count == 3, groups[0] == 4, (1...2).contains(groups[1]), (1...2).contains(groups[2]),
           separatorsSeen[0] == separatorsSeen[1], ["-", "/", "."].contains(separatorsSeen[0]) {
            let year = digits[0..<4].reduce(0) { $0 * 10 + Int($1) }
            let month = digits[4..<(4 + groups[1])].reduce(0) { $0 * 10 + Int($1) }
            let day = digits[(4 + groups[1])...].reduce(0) { $0 * 10 + Int($1) }
            isDate = (1900...2099).contains(year) && (1...12).contains(month) && (1...31).contains(day)
        }
    }

    /// A '.' with one or two ASCII digits after it and then no more digits: the fraction of a price or an
    /// amount (1299.00, 3.5).
    static func isDecimalPoint(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard s[i] == "." else { return false }
        var k = i + 1
        while k < s.count, s[k].value >= 0x30 && s[k].value <= 0x39 { k += 1 }
        let fraction = k - i - 1
        guard (1...2).contains(fraction) else { return false }
        return k == s.count || (PIIDetector.digit(s[k]) == nil && !(s[k] == "." || s[k] == "-"))
    }
}
