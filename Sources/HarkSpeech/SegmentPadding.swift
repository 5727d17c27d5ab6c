/// Widens VAD segments before they are recognised: Silero closes a segment on the first quiet frame and
/// opens it a little late, so the first syllable's consonant was cut (开放 → 菜放). Padding stays inside
/// the audio and inside the silence around the segment, so it never reaches into the next segment's speech.
public struct SegmentPadding: Sendable, Hashable {
    /// Seconds added before and after each segment.
    public var before: Double
    public var after: Double
    /// Seconds added on each side when a decode is retried.
    public var retry: Double

    /// Segments closer than this (seconds) are decoded as one: a pause inside a turn, and Whisper writes a
    /// sentence better with the words around it.
    public var joinGap: Double
    /// Longest joined segment (Whisper's window is 30 s).
    public var joinMax: Double

    public init(before: Double = 0.2, after: Double = 0.15, retry: Double = 0.5, joinGap: Double = 1.0,
                joinMax: Double = 20) {
        self.before = before
        self.after = after
        self.retry = retry
        self.joinGap = joinGap
        self.joinMax = joinMax
    }

    /// Neighbouring segments less than `joinGap` apart joined (with the audio between them) while the result
    /// stays under `joinMax`.
    public func joined(_ segments: [SpeechSegment], in audio: [Float]) -> [SpeechSegment] {
        guard joinGap > 0, var current = segments.first else { return segments }
        var out: [SpeechSegment] = []
        for s in segments.dropFirst() {
            if s.start - current.end < joinGap, s.end - current.start <= joinMax {
                let first = current.startSample, last = min(audio.count, s.startSample + s.samples.count)
                current = SpeechSegment(startSample: first, samples: Array(audio[first..<last]), sampleRate: s.sampleRate)
            } else {
                out.append(current)
                current = s
            }
        }
        out.append(current)
        return out
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
