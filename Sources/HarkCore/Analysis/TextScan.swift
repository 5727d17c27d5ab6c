/// Byte-level facts about UTF-8 text that analysis needs, without building `Character`s.
enum TextScan {
    /// The scalar starting at byte `i` and its length in bytes (invalid bytes read as U+FFFD, length 1).
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        let len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1
        guard len > 1, i + len <= b.count else { return ("\u{FFFD}", 1) }
        var v = b0 & (0xFF >> UInt32(len + 1))
        for k in 1..<len { v = (v << 6) | (UInt32(b[i + k]) & 0x3F) }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", len)
    }

    /// How many scalars start before byte offset `byte`.
    static func scalarOffset(_ b: UnsafeBufferPointer<UInt8>, byte: Int) -> Int {
        var n = 0
        for i in 0..<min(byte, b.count) where b[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Sentence punctuation stops negation from reaching across it ("不，我很满意").
    @inline(__always)
    static func isClauseBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2C, 0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x0A: return true           // , . ! ? ; : newline
        case 0x3001, 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A: return true // 、。，！？；：
        default: return false
        }
    }

    /// Words between two points: each Han character and each run of ASCII letters/digits is one unit.
    /// `blocked` is true when a clause break lies between.
    static func unitsBetween(_ b: UnsafeBufferPointer<UInt8>, from lo: Int, to hi: Int) -> (units: Int, blocked: Bool) {
        var units = 0
        var i = lo
        var inWord = false
        while i < hi {
            let (s, len) = scalar(b, at: i)
            if isClauseBreak(s) { return (units, true) }
            if len == 1 && KeywordMatcher.isWordByte(b[i]) {
                if !inWord { units += 1 }
                inWord = true
            } else {
                inWord = false
                // The apostrophe of "don't" belongs to the word around it.
                if s == "'" || s == "\u{2019}" { inWord = true }
                if CJK.isHan(s) { units += 1 }
            }
            i += len
        }
        return (units, false)
    }

    /// Counts for speech rate and script detection.
    struct Counts {
        var scalars = 0
        var han = 0
        var words = 0
        var latinLetters = 0
        /// Digits (ASCII, full-width, Chinese): whether a number may need the previous turn's question.
        var digits = 0
    }

    static func counts(_ b: UnsafeBufferPointer<UInt8>) -> Counts {
        var c = Counts()
        var i = 0
        var inWord = false
        while i < b.count {
            let byte = b[i]
            if byte < 0x80 {
                c.scalars += 1
                let letter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                if letter { c.latinLetters += 1 }
                if byte >= 0x30 && byte <= 0x39 { c.digits += 1 }
                if letter || (byte >= 0x30 && byte <= 0x39) {
                    if !inWord { c.words += 1 }
                    inWord = true
                } else if byte != 0x27 {
                    inWord = false
                }
                i += 1
                continue
            }
            let (s, len) = scalar(b, at: i)
            c.scalars += 1
            inWord = false
            if CJK.isHan(s) { c.han += 1 }
            if (s.value >= 0xFF10 && s.value <= 0xFF19) || PIIDetector.chineseDigit(s.value) != nil { c.digits += 1 }
            i += len
        }
        return c
    }
}
