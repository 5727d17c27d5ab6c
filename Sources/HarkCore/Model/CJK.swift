/// Character classes that matter to Chinese text handling.
public enum CJK {
    /// True for Han ideographs (CJK Unified Ideographs and extension A, compatibility ideographs).
    public static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2A6DF: return true
        default: return false
        }
    }

    /// True for any character that sits in a CJK script without spaces around words
    /// (Han, kana, hangul, CJK punctuation).
    public static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        if isHan(scalar) { return true }
        switch scalar.value {
        case 0x3040...0x30FF, 0xAC00...0xD7AF, 0x3000...0x303F, 0xFF00...0xFF65: return true
        default: return false
        }
    }
}
