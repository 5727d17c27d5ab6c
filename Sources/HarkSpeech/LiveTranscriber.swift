import HarkAudio
import HarkCore

/// Transcribes calls while they are recorded (`LiveTranscribing`): each channel streams through its own
/// resampler and Silero VAD, and a stretch of speech is recognised as soon as nothing can join it — the
/// silence after it is `padding.joinGap` long, or the next segment came and was not joined. The stretches,
/// their padding and the recognition with its retries are the batch `Transcriber`'s, so a live call gets the
/// words a batch run of the finished file would write.
public final class LiveTranscriber: LiveTranscribing {
    private let transcriber: Transcriber

    public init(transcriber: Transcriber) {
        self.transcriber = transcriber
    }

    public func session(channels: Int, sampleRate: Int, resume: LiveProgress?) -> any LiveTranscriptionSession {
        LiveSession(transcriber: transcriber, channels: channels, sampleRate: sampleRate, resume: resume)
    }

    public func finalized(_ utterances: [Utterance], file: RawPath, channels: Int) -> [Utterance] {
        guard channels == 1, let voices = transcriber.voices, !utterances.isEmpty,
              let audio = try? AudioFile(file: file).decode(), let first = audio.channels.first else { return utterances }
        let mono = Resampler.resample(first, from: audio.sampleRate, to: VoiceActivityDetector.sampleRate)
        let rate = Double(VoiceActivityDetector.sampleRate)
        // The utterances' own spans are the speech the VAD found (padded), as the batch diarizes them.
        let segments = utterances.compactMap { u -> SpeechSegment? in
            let a = max(0, Int(u.start * rate)), b = min(mono.count, Int(u.end * rate))
            return b > a ? SpeechSegment(startSample: a, samples: Array(mono[a..<b]), sampleRate: Int(rate)) : nil
        }
        return transcriber.diarized(utterances, samples: mono, segments: segments, voices: voices)
    }
}

/// One live call: a `LiveChannel` per channel.
final class LiveSession: LiveTranscriptionSession {
    private let transcriber: Transcriber
    private var channels: [LiveChannel]
    /// The call's utterances so far (the language retries look at them).
    private var sofar: [Utterance] = []

    init(transcriber: Transcriber, channels count: Int, sampleRate: Int, resume: LiveProgress?) {
        self.transcriber = transcriber
        let vad = transcriber.vad
        channels = (0..<count).map { c in
            LiveChannel(channel: c, of: count, sampleRate: sampleRate,
                        from: resume.map { c < $0.committed.count ? $0.committed[c] : $0.resumeSeconds } ?? 0,
                        readFrom: resume?.resumeSeconds ?? 0,
                        vad: try? VoiceActivityDetector(model: vad.model, options: vad.options))
        }
    }

    var progress: LiveProgress { LiveProgress(committed: channels.map(\.committed)) }

    func append(_ audio: [[Float]]) throws -> [Utterance] {
        var out: [Utterance] = []
        for (c, channel) in channels.enumerated() where c < audio.count {
            out += try channel.append(audio[c], transcriber: transcriber, sofar: &sofar)
        }
        return out.sorted { ($0.start, $0.channel) < ($1.start, $1.channel) }
    }

    func finish() throws -> [Utterance] {
        var out: [Utterance] = []
        for channel in channels { out += try channel.finish(transcriber: transcriber, sofar: &sofar) }
        return out.sorted { ($0.start, $0.channel) < ($1.start, $1.channel) }
    }
}

/// One channel of a live call: 16 kHz audio kept from the last stretch recognised for good (`buffer`, its first
/// sample at `origin` seconds into the call), the VAD stream, and the closed segments waiting to be joined.
final class LiveChannel {
    let channel: Int
    let speaker: Speaker
    private let resampler: Resampler?
    private let vad: VoiceActivityDetector?
    private var buffer: [Float] = []
    /// Call time (s) of `buffer[0]`.
    private var origin: Double
    /// Call time of the stream's first sample (the VAD's sample indices count from it).
    private let streamStart: Double
    /// Samples fed to the VAD so far.
    private var fed = 0
    /// Segments closed by the VAD and not yet recognised, in stream samples.
    private var waiting: [SpeechSegment] = []
    /// Call time the channel is transcribed to for good.
    private(set) var committed: Double
    /// End of the last stretch recognised (call time), for the retries' widening.
    private var lastEnd = -Double.infinity
    private static let rate = VoiceActivityDetector.sampleRate

    init(channel: Int, of count: Int, sampleRate: Int, from committed: Double, readFrom: Double,
         vad: VoiceActivityDetector?) {
        self.channel = channel
        speaker = Speaker.forChannel(channel, of: count)
        resampler = sampleRate == Self.rate ? nil : Resampler(from: sampleRate, to: Self.rate)
        self.vad = vad
        vad?.reset()
        self.committed = committed
        // Reading restarts at the channel least far along; this channel skips what it already has.
        origin = readFrom
        streamStart = readFrom
    }

    private var skip: Double { max(0, committed - streamStart) }

    func append(_ samples: [Float], transcriber: Transcriber, sofar: inout [Utterance]) throws -> [Utterance] {
        var chunk = samples.withUnsafeBufferPointer { resampler?.process($0, flush: false) ?? Array($0) }
        // After a restart, audio before this channel's committed point is silence to the VAD (its times stay true).
        let skipSamples = Int(skip * Double(Self.rate)) - fed
        if skipSamples > 0 {
            for i in 0..<min(skipSamples, chunk.count) { chunk[i] = 0 }
        }
        buffer += chunk
        guard let vad else { return [] }
        let closed = vad.accept(chunk)
        fed += chunk.count
        waiting += closed
        return recognizeReady(final: false, speaking: vad.isSpeaking, transcriber: transcriber, sofar: &sofar)
    }

    func finish(transcriber: Transcriber, sofar: inout [Utterance]) throws -> [Utterance] {
        if let resampler {
            let tail = resampler.process(UnsafeBufferPointer(start: nil, count: 0), flush: true)
            buffer += tail
            if let vad { waiting += vad.accept(tail); fed += tail.count }
        }
        if let vad { waiting += vad.flush() }
        return recognizeReady(final: true, speaking: false, transcriber: transcriber, sofar: &sofar)
    }

    /// Recognises the joined stretches nothing can join any more, and lets go of the audio before them.
    private func recognizeReady(final: Bool, speaking: Bool, transcriber: Transcriber,
                                sofar: inout [Utterance]) -> [Utterance] {
        let rate = Double(Self.rate)
        let bufferStart = Int(((origin - streamStart) * rate).rounded())
        let edge = origin + Double(buffer.count) / rate
        // Segments in buffer samples.
        let local = waiting.map {
            SpeechSegment(startSample: $0.startSample - bufferStart, samples: $0.samples, sampleRate: $0.sampleRate)
        }.filter { $0.startSample >= 0 }
        let padding = transcriber.padding
        let joined = padding.joined(local, in: buffer)
        var ready = joined.count
        if !final, let last = joined.last {
            // The last stretch may still be joined by speech that is on now or starts within the join gap.
            let quietFor = edge - (origin + last.end)
            if speaking || quietFor < padding.joinGap { ready -= 1 }
        }
        var out: [Utterance] = []
        if ready > 0 {
            let padded = padding.padded(Array(joined.prefix(ready + (ready < joined.count ? 1 : 0))), in: buffer)
            for k in 0..<ready {
                let segment = padded[k]
                let previousEnd = k > 0 ? padded[k - 1].end : lastEnd - origin
                let nextStart = k + 1 < padded.count ? padded[k + 1].start
                    : (final ? Double.infinity : edge - origin)
                if var u = transcriber.utterance(of: segment, in: buffer, previousEnd: previousEnd, nextStart: nextStart,
                                                 speaker: speaker, channel: channel, sofar: sofar) {
                    u = u.shifted(by: origin)
                    sofar.append(u)
                    out.append(u)
                }
            }
            let doneEnd = joined[ready - 1].end
            lastEnd = origin + doneEnd
            // Cut halfway to the next speech (or the join gap's half): the furthest the next stretch's
            // padding can reach back.
            let next = ready < joined.count ? joined[ready].start : doneEnd + padding.joinGap
            let cutSeconds = final ? Double(buffer.count) / rate : min(Double(buffer.count) / rate, (doneEnd + next) / 2)
            let consumed = joined[ready - 1]
            let consumedEnd = consumed.startSample + consumed.samples.count + bufferStart
            waiting.removeAll { $0.startSample + $0.samples.count <= consumedEnd }
            trim(to: cutSeconds)
        } else if !final, waiting.isEmpty, !speaking, Double(buffer.count) / rate > 2 * padding.joinGap {
            // Silence: keep only what the next speech's padding can reach.
            trim(to: Double(buffer.count) / rate - padding.joinGap)
        }
        if final { committed = edge } else {
            committed = max(committed, origin)
        }
        return out
    }

    /// Drops the buffer's first `seconds`.
    private func trim(to seconds: Double) {
        let n = min(buffer.count, max(0, Int((seconds * Double(Self.rate)).rounded(.down))))
        guard n > 0 else { return }
        buffer.removeFirst(n)
        origin += Double(n) / Double(Self.rate)
    }
}

extension Utterance {
    /// The utterance `seconds` later, its tokens with it.
    func shifted(by seconds: Double) -> Utterance {
        var u = self
        u.start += seconds
        u.end += seconds
        u.tokens = tokens.map { TimedToken(text: $0.text, start: $0.start + seconds) }
        return u
    }
}
