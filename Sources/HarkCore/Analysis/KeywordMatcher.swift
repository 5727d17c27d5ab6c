/// Finds every dictionary term in a text in one pass: an Aho-Corasick automaton over UTF-8 bytes,
/// compiled once per dictionary into a dense transition table.
///
/// Working on bytes rather than `Character`s keeps the scan free of grapheme breaking and allocation,
/// which is what lets the whole archive rescore in seconds. Byte values that occur in no term share one
/// column of the table, so the table stays small (states × distinct term bytes).
///
/// Terms whose first (last) character is an ASCII letter or digit only match when the byte before (after)
/// them is not one, so "no" does not fire inside "know"; Chinese terms match anywhere.
/// Texts are expected in their normalised form (`Utterance.normalizedText`): Simplified and lower-cased.
public struct KeywordMatcher: Sendable {
    /// One dictionary term as the automaton knows it.
    public struct Pattern: Sendable, Hashable {
        public var categoryIndex: Int
        public var termIndex: Int
        public var role: CategoryRole
        public var byteCount: Int
        /// The shortest term of the same category contained in this one (要投诉 → 投诉,
        /// "file a complaint" → "complaint"), itself if none: the word a repeated complaint repeats.
        public var root: Int
        /// In a phonetic matcher, the same term's pattern in the exact matcher; else this pattern itself.
        public var exact: Int
        /// Check the byte before / after a match for an ASCII word boundary.
        var boundedLeft: Bool
        var boundedRight: Bool
    }

    /// A raw match: which pattern, and its byte range in the UTF-8 text.
    public struct Hit: Sendable, Hashable {
        public var pattern: Int
        public var start: Int
        public var end: Int
        /// Found by sound (`phonetic`), not by its characters.
        public var phonetic = false

        public init(pattern: Int, start: Int, end: Int, phonetic: Bool = false) {
            self.pattern = pattern
            self.start = start
            self.end = end
            self.phonetic = phonetic
        }
    }

    public let dictionary: KeywordDictionary
    public let patterns: [Pattern]
    private let byteClass: [UInt16]
    private let classCount: Int
    /// delta[state * classCount + class] -> next state (failure transitions folded in).
    private let delta: [Int32]
    /// Patterns ending at a state, including those reached through failure links: outputs[outStart[s]..<outStart[s+1]].
    private let outStart: [Int32]
    private let outputs: [Int32]

    public var stateCount: Int { outStart.count - 1 }

    public init(dictionary: KeywordDictionary) {
        var entries: [(bytes: [UInt8], category: Int, term: Int)] = []
        for (ci, category) in dictionary.categories.enumerated() {
            for (ti, term) in category.terms.enumerated() where !term.text.isEmpty {
                entries.append((Array(term.text.utf8), ci, ti))
                // Recognisers write spoken numbers as digits: "last four digits" is heard as "last 4 digits".
                if let digits = Self.withDigits(term.text) { entries.append((Array(digits.utf8), ci, ti)) }
            }
        }
        self.init(dictionary: dictionary, entries: entries, exact: nil)
    }

    /// Finds the dictionary's Chinese terms of two or more syllables by sound, in a text's
    /// `Pinyin.soundForm` (same closeness): 身份正好 for 身份证号, 推款 for 退款. Each pattern's `exact` is the
    /// same term's pattern in `exact`, so hits can be handled as that term's. Negation words are left out:
    /// a misheard 不 is no negation.
    public static func phonetic(_ exact: KeywordMatcher, closeness: Pinyin.Closeness) -> KeywordMatcher {
        var entries: [(bytes: [UInt8], category: Int, term: Int)] = []
        var exactIndex: [Int] = []
        for (pi, p) in exact.patterns.enumerated() where p.role != .negation {
            let text = exact.dictionary.categories[p.categoryIndex].terms[p.termIndex].text
            guard let form = Pinyin.termSoundForm(text, closeness) else { continue }
            entries.append((Array(form.utf8), p.categoryIndex, p.termIndex))
            exactIndex.append(pi)
        }
        return KeywordMatcher(dictionary: exact.dictionary, entries: entries, exact: exactIndex)
    }

    private init(dictionary: KeywordDictionary, entries: [(bytes: [UInt8], category: Int, term: Int)], exact: [Int]?) {
        self.dictionary = dictionary
        var patterns: [Pattern] = []
        var bytesOf: [[UInt8]] = []
        for (k, e) in entries.enumerated() {
            let category = dictionary.categories[e.category]
            patterns.append(Pattern(categoryIndex: e.category, termIndex: e.term, role: category.role,
                                    byteCount: e.bytes.count, root: patterns.count, exact: exact?[k] ?? patterns.count,
                                    boundedLeft: Self.isWordByte(e.bytes[0]),
                                    boundedRight: Self.isWordByte(e.bytes[e.bytes.count - 1])))
            bytesOf.append(e.bytes)
        }
        if exact == nil {
            for i in patterns.indices {
                let text = dictionary.categories[patterns[i].categoryIndex].terms[patterns[i].termIndex].text
                for j in patterns.indices where j != i && patterns[j].categoryIndex == patterns[i].categoryIndex
                    && patterns[j].byteCount < patterns[patterns[i].root].byteCount {
                    let other = dictionary.categories[patterns[j].categoryIndex].terms[patterns[j].termIndex].text
                    if text.contains(other) { patterns[i].root = j }
                }
            }
        }
        self.patterns = patterns

        // Byte classes: every byte used by some term gets its own column; the rest share column 0,
        // which always leads back to the root.
        var byteClass = [UInt16](repeating: 0, count: 256)
        var classCount = 1
        for bytes in bytesOf {
            for b in bytes where byteClass[Int(b)] == 0 {
                byteClass[Int(b)] = UInt16(classCount)
                classCount += 1
            }
        }

        // Trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
        var ends: [[Int32]] = [[]]
        for (pi, bytes) in bytesOf.enumerated() {
            var s = 0
            for b in bytes {
                let c = Int(byteClass[Int(b)])
                if goto[s][c] < 0 {
                    goto[s][c] = Int32(goto.count)
                    goto.append([Int32](repeating: -1, count: classCount))
                    ends.append([])
                }
                s = Int(goto[s][c])
            }
            ends[s].append(Int32(pi))
        }

        // Breadth-first: failure links, dense transitions, and output sets merged along failure links.
        let n = goto.count
        var fail = [Int32](repeating: 0, count: n)
        var delta = [Int32](repeating: 0, count: n * classCount)
        var queue: [Int] = []
        queue.reserveCapacity(n)
        for c in 0..<classCount {
            let t = goto[0][c]
            if t > 0 {
                delta[c] = t
                fail[Int(t)] = 0
                queue.append(Int(t))
            }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            ends[s].append(contentsOf: ends[Int(fail[s])])
            for c in 0..<classCount {
                let t = goto[s][c]
                if t >= 0 {
                    fail[Int(t)] = delta[Int(fail[s]) * classCount + c]
                    delta[s * classCount + c] = t
                    queue.append(Int(t))
                } else {
                    delta[s * classCount + c] = delta[Int(fail[s]) * classCount + c]
                }
            }
        }
        var outStart = [Int32](repeating: 0, count: n + 1)
        var outputs: [Int32] = []
        for s in 0..<n {
            outStart[s] = Int32(outputs.count)
            outputs.append(contentsOf: ends[s])
        }
        outStart[n] = Int32(outputs.count)

        self.byteClass = byteClass
        self.classCount = classCount
        self.delta = delta
        self.outStart = outStart
        self.outputs = outputs
    }

    /// Every match in `text` (overlapping ones included), in order of their end.
    public func hits(in text: String) -> [Hit] {
        var out: [Hit] = []
        var copy = text
        copy.withUTF8 { scan($0, into: &out) }
        return out
    }

    /// Appends every match in `bytes` to `out`.
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Hit]) {
        let nc = classCount
        delta.withUnsafeBufferPointer { delta in
            byteClass.withUnsafeBufferPointer { cls in
                outStart.withUnsafeBufferPointer { outStart in
                    var s = 0
                    for i in 0..<bytes.count {
                        s = Int(delta[s * nc + Int(cls[Int(bytes[i])])])
                        let lo = Int(outStart[s]), hi = Int(outStart[s + 1])
                        guard lo < hi else { continue }
                        for k in lo..<hi {
                            let p = Int(outputs[k])
                            let pattern = patterns[p]
                            let end = i + 1
                            let start = end - pattern.byteCount
                            if pattern.boundedLeft && start > 0 && Self.isWordByte(bytes[start - 1]) { continue }
                            if pattern.boundedRight && end < bytes.count && Self.isWordByte(bytes[end]) { continue }
                            out.append(Hit(pattern: p, start: start, end: end))
                        }
                    }
                }
            }
        }
    }

    static let numberWords = ["zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                              "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "twenty": "20"]

    /// An English term with its number words written as digits, nil when it has none.
    static func withDigits(_ term: String) -> String? {
        let words = term.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.contains(where: { numberWords[$0] != nil }) else { return nil }
        return words.map { numberWords[$0] ?? $0 }.joined(separator: " ")
    }

    /// ASCII letters and digits: what an English word (or a number) is made of.
    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
    }
}
