/// Maps a character range of an utterance's text to seconds in the call.
///
/// With token timings (tokens concatenate to the utterance text) a hit starts at the start of the token
/// holding its first character and ends where the token after its last character starts (or the utterance
/// ends). Without tokens the position is proportional to the character offset, which is what a supervisor
/// scrubbing the timeline needs to within a second or so.
public struct TimeMapping: Sendable {
    private let start: Double
    private let end: Double
    /// Scalar offset (in `text`) where each token begins, and its start time.
    private let tokenOffsets: [Int]
    private let tokenStarts: [Double]
    private let textScalars: Int

    public init(_ u: Utterance) {
        start = u.start
        end = max(u.start, u.end)
        var offsets: [Int] = []
        var starts: [Double] = []
        var total = 0
        if !u.tokens.isEmpty {
            offsets.reserveCapacity(u.tokens.count)
            for t in u.tokens {
                offsets.append(total)
                starts.append(min(max(t.start, u.start), end))
                total += t.text.unicodeScalars.count
            }
        } else {
            // Scalars are the UTF-8 bytes that do not continue a sequence.
            total = u.text.utf8.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        }
        tokenOffsets = offsets
        tokenStarts = starts
        textScalars = total
    }

    /// Seconds for scalars `lo..<hi` of a text `length` scalars long (normally `normalizedText`, whose length
    /// is scaled onto the original text when normalisation changed it).
    public func span(_ lo: Int, _ hi: Int, of length: Int) -> (start: Double, end: Double) {
        guard length > 0 else { return (start, end) }
        let duration = end - start
        guard !tokenOffsets.isEmpty, textScalars > 0 else {
            let a = start + duration * Double(lo) / Double(length)
            let b = start + duration * Double(hi) / Double(length)
            return (a, max(a, b))
        }
        // Scale onto the original text's scalar positions (identical when normalisation kept the length).
        let scale = Double(textScalars) / Double(length)
        let first = min(textScalars - 1, Int((Double(lo) * scale).rounded(.down)))
        let last = min(textScalars - 1, max(first, Int((Double(max(lo, hi - 1)) * scale).rounded(.down))))
        let ti = tokenIndex(holding: first)
        let tj = tokenIndex(holding: last)
        let a = tokenStarts[ti]
        let b = tj + 1 < tokenStarts.count ? tokenStarts[tj + 1] : end
        return (a, max(a, b))
    }

    private func tokenIndex(holding scalar: Int) -> Int {
        // Last token whose offset is <= scalar (binary search; offsets are non-decreasing).
        var lo = 0, hi = tokenOffsets.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if tokenOffsets[mid] <= scalar { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
