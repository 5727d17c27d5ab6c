import Foundation

/// Whisper's two ways of losing speech: an empty (or punctuation-only) result for a real segment, and a
/// repetition loop ("aki, aki, aki, …", 好的好的好的…) where it stopped listening.
enum RecognitionCheck {
    /// Worth a second decode: a segment of half a second or more came back with nothing, or with a loop.
    static func needsRetry(_ text: String, seconds: Double) -> Bool {
        (seconds >= 0.5 && letters(text) == 0) || loopLength(text) > 0
    }

    /// Higher is better: letters kept once loops are capped.
    static func quality(_ text: String) -> Int { letters(cappingLoops(text)) - (loopLength(text) > 0 ? 1 : 0) }

    static func letters(_ text: String) -> Int {
        text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.count
    }

    /// The unit length (in scalars) of the longest stretch where one unit of 1–12 scalars repeats 4+ times in
    /// a row, 0 if none.
    static func loopLength(_ text: String) -> Int {
        let s = Array(text.unicodeScalars)
        for n in 1...12 where s.count >= 4 * n {
            var i = 0
            while i + 4 * n <= s.count {
                if repeats(s, at: i, unit: n) >= 4 && s[i..<(i + n)].contains(where: { CharacterSet.letters.contains($0) }) {
                    return n
                }
                i += 1
            }
        }
        return 0
    }

    /// The text with every unit repeated 4+ times in a row cut to two repetitions.
    static func cappingLoops(_ text: String) -> String {
        var s = Array(text.unicodeScalars)
        for n in 1...12 where s.count >= 4 * n {
            var i = 0
            while i + 4 * n <= s.count {
                let k = repeats(s, at: i, unit: n)
                if k >= 4 && s[i..<(i + n)].contains(where: { CharacterSet.letters.contains($0) }) {
                    s.removeSubrange((i + 2 * n)..<(i + k * n))
                }
                i += 1
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    private static func repeats(_ s: [Unicode.Scalar], at i: Int, unit n: Int) -> Int {
        var k = 1
        while i + (k + 1) * n <= s.count, s[(i + k * n)..<(i + (k + 1) * n)].elementsEqual(s[i..<(i + n)]) { k += 1 }
        return k
    }
}
