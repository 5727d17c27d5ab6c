/// Toneless pinyin of Han characters (from `PinyinData`, generated from Unihan) and the *sound form* of a
/// text: every Han character replaced by a private-use scalar that names its syllable, so 身份证号 and the
/// recogniser's 身份正好 have the same sound form and one byte automaton finds both.
///
/// A sound form has the same scalars and the same UTF-8 length as its text (U+4E00…U+9FFF and the private
/// use area are both three bytes), so a hit's byte range in the sound form is its range in the text.
public enum Pinyin {
    /// How close two syllables must sound to count as the same.
    public enum Closeness: String, Sendable, Hashable, Codable {
        /// Same toneless syllable (tui = tui).
        case exact
        /// Also the confusions of southern accents and small recognisers: zh/z, ch/c, sh/s, n/l, -ng/-n.
        case fuzzy
    }

    static let table = Table()

    struct Table: Sendable {
        let syllables: [String]
        /// Code of each character's customary reading, from `PinyinData.first`.
        let codes: [UInt16]
        /// Syllable code → fuzzy class code (1-based).
        let fuzzy: [UInt16]

        init() {
            let names = PinyinData.syllables.split(separator: " ").map(String.init)
            syllables = names
            let alphabet = Array(PinyinData.alphabet.utf8)
            var value = [UInt8: UInt16]()
            for (i, b) in alphabet.enumerated() { value[b] = UInt16(i) }
            let raw = Array(PinyinData.codes.utf8)
            var codes = [UInt16](repeating: 0, count: raw.count / 2)
            for i in codes.indices { codes[i] = (value[raw[2 * i]] ?? 0) * 64 + (value[raw[2 * i + 1]] ?? 0) }
            self.codes = codes
            var classes = [String: UInt16]()
            var fuzzy = [UInt16](repeating: 0, count: names.count + 1)
            for (i, s) in names.enumerated() {
                let key = Pinyin.fuzzyKey(s)
                if classes[key] == nil { classes[key] = UInt16(classes.count + 1) }
                fuzzy[i + 1] = classes[key]!
            }
            self.fuzzy = fuzzy
        }

        func code(_ c: Unicode.Scalar) -> UInt16 {
            guard c.value >= PinyinData.first, c.value <= PinyinData.last else { return 0 }
            return codes[Int(c.value - PinyinData.first)]
        }
    }

    /// The toneless syllable of a Han character ("tui" for 退), nil for anything else.
    public static func syllable(of c: Unicode.Scalar) -> String? {
        let code = table.code(c)
        return code == 0 ? nil : table.syllables[Int(code) - 1]
    }

    /// zh/z, ch/c, sh/s, n/l and -ng/-n folded together.
    static func fuzzyKey(_ s: String) -> String {
        var k = s
        for (long, short) in [("zh", "z"), ("ch", "c"), ("sh", "s")] where k.hasPrefix(long) {
            k = short + k.dropFirst(2)
        }
        if k.hasPrefix("n"), k.count > 1 { k = "l" + k.dropFirst() }
        if k.hasSuffix("ng"), k.count > 2 { k = String(k.dropLast()) }
        return k
    }

    /// The private-use scalar standing for a syllable code.
    @inline(__always)
    static func scalar(_ code: UInt16, _ closeness: Closeness) -> Unicode.Scalar {
        let c = closeness == .fuzzy ? table.fuzzy[Int(code)] : code
        return Unicode.Scalar(0xE000 + UInt32(c))!
    }

    /// The sound form of a (normalised) text.
    public static func soundForm(_ text: String, _ closeness: Closeness = .exact) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let code = table.code(s)
            out.append(code == 0 ? s : scalar(code, closeness))
        }
        return String(out)
    }

    /// The sound form of a dictionary term; nil unless every character is a Han character with a reading and
    /// there are at least `minSyllables` of them (single syllables sound alike far too often).
    public static func termSoundForm(_ term: String, _ closeness: Closeness = .exact, minSyllables: Int = 2) -> String? {
        let scalars = Array(term.unicodeScalars)
        guard scalars.count >= minSyllables, scalars.allSatisfy({ table.code($0) != 0 }) else { return nil }
        return soundForm(term, closeness)
    }
}
