/// The kinds of personal data analysis spots and exports mask.
public enum PIIKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Mainland mobile number: 11 digits, 1[3-9]…, optionally "+86", optionally grouped 3-4-4.
    case phone
    /// 18-character resident ID whose ISO 7064 check character is right and whose birth date is plausible.
    case idCard = "id_number"
    /// 13–19 digit card number that passes the Luhn check.
    case bankCard = "card"
    case email
}

/// One piece of personal data in a text; `range` counts Unicode scalars.
public struct PIIMatch: Sendable, Hashable {
    public var kind: PIIKind
    public var range: Range<Int>
}

/// Finds personal data by structure and check digits rather than by "any long number", so prices (¥1299.00),
/// times (14:30), dates (2026-11-23), amounts and order numbers are left alone.
///
/// Digits may be ASCII or full-width; a number may be split by single spaces or hyphens only in the usual
/// groupings (phone 3-4-4, ID 6-8-4, card 4-4-4-…). A number glued to letters or more digits is not PII.
public enum PIIDetector {
    public static func find(in text: String) -> [PIIMatch] {
        guard mayHoldPII(text) else { return [] }
        let s = Array(text.unicodeScalars)
        var out: [PIIMatch] = []
        var i = 0
        while i < s.count {
            if digit(s[i]) != nil, i == 0 || !isWord(s[i - 1]) {
                let (next, match) = number(s, from: i)
                if let match { out.append(match) }
                i = max(next, i + 1)
                continue
            }
            if s[i] == "@", let match = email(s, at: i) {
                out.removeAll { $0.range.overlaps(match.range) }
                out.append(match)
                i = match.range.upperBound
                continue
            }
            i += 1
        }
        return out
    }

    /// Every kind needs an '@' or at least 11 digits; most utterances have neither, and are skipped
    /// before building a scalar array.
    static func mayHoldPII(_ text: String) -> Bool {
        var digits = 0
        for s in text.unicodeScalars {
            if s == "@" { return true }
            if digit(s) != nil {
                digits += 1
                if digits >= 11 { return true }
            }
        }
        return false
    }

    // MARK: Numbers

    private static func number(_ s: [Unicode.Scalar], from start: Int) -> (Int, PIIMatch?) {
        var digits: [UInt8] = []
        var groups: [Int] = [0]
        var i = start
        var end = start
        while i < s.count {
            if let d = digit(s[i]) {
                digits.append(d)
                groups[groups.count - 1] += 1
                i += 1
                end = i
            } else if (s[i] == " " || s[i] == "-"), i + 1 < s.count, digit(s[i + 1]) != nil, !digits.isEmpty {
                groups.append(0)
                i += 1
            } else {
                break
            }
        }
        var hasX = false
        if digits.count == 17, end < s.count, s[end] == "x" || s[end] == "X" {
            hasX = true
            end += 1
            groups[groups.count - 1] += 1
        }
        // Glued to a letter or digit on the right: part of a code, not a number on its own.
        if end < s.count, isWord(s[end]) { return (end, nil) }
        let range = start..<end
        var phoneDigits = digits[...]
        var phoneGroups = groups[...]
        if groups.count >= 2, groups[0] == 2, digits.starts(with: [8, 6]) {
            phoneDigits = digits.dropFirst(2)
            phoneGroups = groups.dropFirst()
        }
        if !hasX, isPhone(phoneDigits), phoneGroups.count == 1 || Array(phoneGroups) == [3, 4, 4] {
            return (end, PIIMatch(kind: .phone, range: range))
        }
        if digits.count + (hasX ? 1 : 0) == 18, groups.count == 1 || groups == [6, 8, 4],
           isResidentID(digits, x: hasX) {
            return (end, PIIMatch(kind: .idCard, range: range))
        }
        if !hasX, (13...19).contains(digits.count), groups.count == 1 || isCardGrouping(groups),
           luhn(digits), digits.contains(where: { $0 != 0 }) {
            return (end, PIIMatch(kind: .bankCard, range: range))
        }
        return (end, nil)
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

    private static func isCardGrouping(_ g: [Int]) -> Bool {
        g.dropLast().allSatisfy { $0 == 4 } && (1...4).contains(g.last ?? 0) || g == [4, 6, 5] || g == [4, 6, 4]
    }

    // MARK: E-mail

    private static func email(_ s: [Unicode.Scalar], at: Int) -> PIIMatch? {
        var lo = at
        while lo > 0, isLocal(s[lo - 1]) { lo -= 1 }
        while lo < at, s[lo] == "." { lo += 1 }
        guard lo < at else { return nil }
        var hi = at + 1
        while hi < s.count, isDomain(s[hi]) { hi += 1 }
        while hi > at + 1, s[hi - 1] == "." || s[hi - 1] == "-" { hi -= 1 }
        let domain = s[(at + 1)..<hi]
        guard let dot = domain.lastIndex(of: "."), dot > at + 1 else { return nil }
        let tld = s[(dot + 1)..<hi]
        guard tld.count >= 2, tld.allSatisfy({ ascii($0, in: 0x61...0x7A) || ascii($0, in: 0x41...0x5A) }) else {
            return nil
        }
        return PIIMatch(kind: .email, range: lo..<hi)
    }

    // MARK: Character classes

    /// The value of an ASCII, full-width, or Chinese digit: recognisers often write a spoken phone number as
    /// 一三八…, and callers read 1 as 幺.
    @inline(__always)
    static func digit(_ c: Unicode.Scalar) -> UInt8? {
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

    private static func ascii(_ c: Unicode.Scalar, in r: ClosedRange<UInt32>) -> Bool { r.contains(c.value) }

    private static func isWord(_ c: Unicode.Scalar) -> Bool {
        digit(c) != nil || ascii(c, in: 0x61...0x7A) || ascii(c, in: 0x41...0x5A)
            || ascii(c, in: 0xFF21...0xFF3A) || ascii(c, in: 0xFF41...0xFF5A)
    }

    private static func isLocal(_ c: Unicode.Scalar) -> Bool {
        isASCIIAlnum(c) || c == "." || c == "_" || c == "%" || c == "+" || c == "-"
    }

    private static func isDomain(_ c: Unicode.Scalar) -> Bool { isASCIIAlnum(c) || c == "." || c == "-" }

    private static func isASCIIAlnum(_ c: Unicode.Scalar) -> Bool {
        ascii(c, in: 0x30...0x39) || ascii(c, in: 0x61...0x7A) || ascii(c, in: 0x41...0x5A)
    }
}
