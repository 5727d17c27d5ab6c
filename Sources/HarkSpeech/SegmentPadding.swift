/// Widens VAD segments before they are recognised: Silero closes a segment on the first quiet frame and
/// opens it a little late, so the first syllable's consonant was cut (开放 → 菜放). Padding stays inside
/// the audio and inside the silence around the segment, so it never reaches into the next segment's speech.
public struct SegmentPadding: Sendable, Hashable {
    /// Seconds added before and after each segment.
    public var before: Double
    public var after: Double
    /// Seconds added on each side when a decode is retried.
    public var retry: Double

    public init(before: Double = 0.2, after: Double = 0.15, retry: Double = 0.5) {
        self.before = before
        self.after = after
        self.retry = retry
    }

    /// Every segment padded, each staying clear of its neighbours (half the gap at most on each side).
    public func padded(_ segments: [SpeechSegment], in audio: [Float]) -> [SpeechSegment] {
        segments.indices.map { k in
            let s = segments[k]
            let previousEnd = k > 0 ? segments[k - 1].end : -Double.infinity
            let nextStart = k + 1 < segments.count ? segments[k + 1].start : .infinity
            return extended(s, in: audio, before: before, after: after, previousEnd: previousEnd, nextStart: nextStart)
        }
    }

    /// The segment with `retry` more seconds on each side, for a second decode.
    public func widened(_ s: SpeechSegment, in audio: [Float], previousEnd: Double, nextStart: Double) -> SpeechSegment {
        extended(s, in: audio, before: retry, after: retry, previousEnd: previousEnd, nextStart: nextStart)
    }

    func extended(_ s: SpeechSegment, in audio: [Float], before: Double, after: Double, previousEnd: Double,
                  nextStart: Double) -> SpeechSegment {
        let rate = Double(s.sampleRate)
        let lo = max(0, s.start - min(before, max(0, (s.start - previousEnd) / 2)))
        let hi = min(Double(audio.count) / rate, s.end + min(after, max(0, (nextStart - s.end) / 2)))
        let first = max(0, Int((lo * rate).rounded(.down)))
        let last = min(audio.count, max(first, Int((hi * rate).rounded(.up))))
        guard first < s.startSample || last > s.startSample + s.samples.count else { return s }
        return SpeechSegment(startSample: first, samples: Array(audio[first..<last]), sampleRate: s.sampleRate)
    }
}
