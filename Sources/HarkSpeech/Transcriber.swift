import Foundation
import HarkAudio
import HarkCore
import HarkText

/// Turns a call recording into timed, speaker-attributed utterances.
///
/// Pipeline per channel (stereo: 0 = agent, 1 = customer; mono: one mixed speaker): resample to 16 kHz →
/// Silero VAD segments (≤ 25 s) → recogniser per segment. Owns its VAD, so one `Transcriber` serves one
/// thread; the recogniser is its own or borrowed per segment from a `RecognizerPool` shared with other workers.
public final class Transcriber {
    public let vad: VoiceActivityDetector
    private let recognize: (SpeechSegment, String?) -> Recognition
    private let normalizer: TextNormalizer
    /// Converts the recogniser's text for reading (nil: as recognised); the original is kept as `rawText`.
    private let script: ChineseScript?
    public var padding = SegmentPadding()
    /// Languages the calls are in (Whisper's codes): a stretch detected as another one, or that came back
    /// empty or looping, is decoded again in the call's own language.
    public var languages: [String] = ["zh", "en"]
    /// Tells a mono call's voices apart (`Diarizer`); nil keeps one mixed speaker.
    public var voices: VoiceEncoder?
    /// The last mono call's diarization (who spoke when, how many voices, a note when unusual).
    public private(set) var lastDiarization: Diarization?

    /// A transcriber with a recogniser of its own.
    public init(recognizer: Recognizer, vad: VoiceActivityDetector, normalizer: TextNormalizer = TextNormalizer(),
                script: ChineseScript? = ChineseScript.traditionalToSimplified) {
        self.vad = vad
        self.normalizer = normalizer
        self.script = script
        recognize = { recognizer.recognize($0.samples, sampleRate: $0.sampleRate, language: $1) }
    }

    /// A transcriber that borrows a recogniser from `engines` for each segment (`urgent`: before batch work).
    public init(engines: RecognizerPool, vad: VoiceActivityDetector, normalizer: TextNormalizer = TextNormalizer(),
                script: ChineseScript? = ChineseScript.traditionalToSimplified, urgent: Bool = false) {
        self.vad = vad
        self.normalizer = normalizer
        self.script = script
        recognize = { segment, language in
            engines.withRecognizer(urgent: urgent) { $0.recognize(segment.samples, sampleRate: segment.sampleRate, language: language) }
        }
    }

    /// Loads the catalogue's recogniser (`recognizerName`, or the default) and default VAD.
    public convenience init(catalog: ModelCatalog, recognizerName: String? = nil,
                            options: RecognizerOptions = RecognizerOptions(),
                            vadOptions: VADOptions = VADOptions()) throws {
        let recognizer = try Recognizer(model: catalog.recognizer(named: recognizerName), options: options)
        let vad = try VoiceActivityDetector(model: catalog.vad(), options: vadOptions)
        self.init(recognizer: recognizer, vad: vad)
        voices = try catalog.voiceEncoder.map { try VoiceEncoder(path: $0) }
    }

    /// Decodes and transcribes `file`. Errors name the file (`"path: reason"`).
    /// `progress` gets the fraction of the call's audio done (0...1); `shouldStop` returning true
    /// abandons the work between segments with `SpeechError.cancelled`.
    /// `resume` continues an earlier run from its checkpoint; `checkpoint` gets a new one after every segment.
    public func transcribe(file: RawPath, progress: (Double) -> Void = { _ in },
                           shouldStop: () -> Bool = { false }, resume: TranscriptCheckpoint? = nil,
                           checkpoint: (TranscriptCheckpoint) -> Void = { _ in }) throws -> [Utterance] {
        let audio = try AudioFile(file: file).decode()
        return try transcribe(audio, progress: progress, shouldStop: shouldStop, resume: resume, checkpoint: checkpoint)
    }

    /// `transcribe(file:)` for a path that is text (tests, benches, a path typed by hand).
    public func transcribe(path: String, progress: (Double) -> Void = { _ in },
                           shouldStop: () -> Bool = { false }, resume: TranscriptCheckpoint? = nil,
                           checkpoint: (TranscriptCheckpoint) -> Void = { _ in }) throws -> [Utterance] {
        try transcribe(file: RawPath(path), progress: progress, shouldStop: shouldStop, resume: resume,
                       checkpoint: checkpoint)
    }

    /// Transcribes already decoded audio; utterances are ordered by start time. Segmentation is deterministic,
    /// so a resumed run skips exactly the segments the checkpoint covers and ends with the same transcript.
    public func transcribe(_ audio: DecodedAudio, progress: (Double) -> Void = { _ in },
                           shouldStop: () -> Bool = { false }, resume: TranscriptCheckpoint? = nil,
                           checkpoint: (TranscriptCheckpoint) -> Void = { _ in }) throws -> [Utterance] {
        // The same mixed audio on both channels is a mono call in a stereo file.
        let audio = DuplicateChannels.same(audio) ? DecodedAudio(sampleRate: audio.sampleRate, channels: [audio.channels[0]]) : audio
        let channelCount = audio.channels.count
        let resume = resume.flatMap { $0.channel < channelCount ? $0 : nil }
        var utterances: [Utterance] = resume?.utterances ?? []
        lastDiarization = nil
        // A mono call's channel and speech segments, kept to tell its voices apart once it is transcribed.
        var mixed: (samples: [Float], segments: [SpeechSegment])?
        for (channel, samples) in audio.channels.enumerated() {
            if let resume, channel < resume.channel { continue }
            let speaker = Speaker.forChannel(channel, of: channelCount)
            let base = Double(channel) / Double(channelCount)
            let share = 1 / Double(channelCount)
            if shouldStop() { throw SpeechError.cancelled }
            let mono = Resampler.resample(samples, from: audio.sampleRate, to: VoiceActivityDetector.sampleRate)
            let found = try vad.segments(of: mono, shouldStop: shouldStop)
            // Joined on a mixed channel too: measured, its transcript was far better for it (c15 mono CER 35 % →
            // 13 %); such an utterance may hold both speakers until mono calls are diarized.
            let segments = padding.padded(padding.joined(found, in: mono), in: mono)
            if channelCount == 1 { mixed = (mono, segments) }
            // VAD is ~5% of the work; recognition the rest, in proportion to the audio it covers.
            progress(base + share * 0.05)
            let channelSeconds = max(Double(mono.count) / Double(VoiceActivityDetector.sampleRate), 0.001)
            for (k, segment) in segments.enumerated() {
                if let resume, channel == resume.channel, segment.end <= resume.until + 0.0001 { continue }
                if shouldStop() { throw SpeechError.cancelled }
                if let utterance = utterance(of: segment, in: mono, previousEnd: k > 0 ? segments[k - 1].end : -Double.infinity,
                                             nextStart: k + 1 < segments.count ? segments[k + 1].start : .infinity,
                                             speaker: speaker, channel: channel, sofar: utterances) {
                    utterances.append(utterance)
                }
                checkpoint(TranscriptCheckpoint(channel: channel, until: segment.end, utterances: utterances))
                progress(base + share * (0.05 + 0.95 * min(1, segment.end / channelSeconds)))
            }
            progress(base + share)
        }
        let sorted = utterances.sorted { ($0.start, $0.channel) < ($1.start, $1.channel) }
        guard let voices, let mixed else { return sorted }
        if shouldStop() { throw SpeechError.cancelled }
        return diarized(sorted, samples: mixed.samples, segments: mixed.segments, voices: voices)
    }

    /// A mono call's utterances cut where the voice changes, each piece's voice in `channel` (0: who spoke
    /// first) until the roles are given from the text; as they were when one voice is heard.
    /// `samples` is the call at 16 kHz, `segments` the speech in it.
    public func diarized(_ sorted: [Utterance], samples: [Float], segments: [SpeechSegment],
                         voices: VoiceEncoder) -> [Utterance] {
        let diarization = Diarizer.diarize(samples, segments: segments, encoder: voices)
        lastDiarization = diarization
        guard diarization.voices >= 2 else { return sorted }
        let normalizer = self.normalizer
        return SpeakerSplit.split(sorted, by: diarization) { text in (text, normalizer.normalize(text)) }
            .map { piece in
                var u = piece.utterance
                u.channel = piece.speaker
                return u
            }
    }

    /// One speech segment of `mono` (16 kHz) recognised, with the retries that keep speech from being lost:
    /// nothing or a loop is decoded again with more context (within the silence between `previousEnd` and
    /// `nextStart`), a language the calls are not in again in the language of `sofar`. Nil when nothing was said.
    /// The batch and the live transcription share it, so a live call's words are the ones a batch run writes.
    public func utterance(of segment: SpeechSegment, in mono: [Float], previousEnd: Double, nextStart: Double,
                          speaker: Speaker, channel: Int, sofar: [Utterance]) -> Utterance? {
        var recognition = recognize(segment, nil)
        // Nothing, or a loop ("aki, aki, aki…"): decode again with more context around it before
        // giving the speech up.
        if RecognitionCheck.needsRetry(recognition.text, seconds: segment.duration) {
            let wider = padding.widened(segment, in: mono, previousEnd: previousEnd, nextStart: nextStart)
            let second = recognize(wider, nil)
            if RecognitionCheck.quality(second.text) > RecognitionCheck.quality(recognition.text) {
                recognition = second
                recognition.tokens = second.tokens.map {
                    TimedToken(text: $0.text, start: max(0, $0.start - (segment.start - wider.start)))
                }
            }
        }
        // Still nothing, or a language the calls are not in (Whisper hears Latin in a garbled English
        // turn, Japanese in a short Mandarin one): decode in the language the call is in so far.
        let odd = recognition.language.map { !languages.isEmpty && !languages.contains($0) } ?? false
        if odd || RecognitionCheck.needsRetry(recognition.text, seconds: segment.duration),
           let forced = Self.mainLanguage(of: sofar, allowed: languages, fallback: recognition.language),
           forced != recognition.language || RecognitionCheck.needsRetry(recognition.text, seconds: segment.duration) {
            let third = recognize(segment, forced)
            if odd ? RecognitionCheck.letters(third.text) > 0 && RecognitionCheck.loopLength(third.text) == 0
                   : RecognitionCheck.quality(third.text) > RecognitionCheck.quality(recognition.text) {
                recognition = third
                if recognition.language == nil { recognition.language = forced }
            }
        }
        recognition.text = RecognitionCheck.cappingLoops(recognition.text)
        let measure = Prosody.measure(segment.samples, sampleRate: segment.sampleRate)
        return makeUtterance(recognition, segment: segment, speaker: speaker, channel: channel, prosody: measure)
    }

    /// The language most of the call's utterances so far are in, among `allowed`; else the detected one if
    /// allowed; else the first allowed.
    static func mainLanguage(of utterances: [Utterance], allowed: [String], fallback: String?) -> String? {
        var counts: [String: Int] = [:]
        for u in utterances { if let l = u.language, allowed.contains(l) { counts[l, default: 0] += 1 } }
        if let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) { return best.key }
        if let fallback, allowed.contains(fallback) { return fallback }
        return allowed.first
    }

    private func makeUtterance(_ r: Recognition, segment: SpeechSegment, speaker: Speaker, channel: Int,
                               prosody: Prosody.Measure) -> Utterance? {
        let raw = r.text
        // Whisper sometimes returns only punctuation for noise; such segments carry nothing to review.
        guard raw.unicodeScalars.contains(where: { CharacterSet.alphanumerics.contains($0) }) else { return nil }
        let text = script?.convert(raw) ?? raw
        let tokens = r.tokens.map {
            TimedToken(text: script?.convert($0.text) ?? $0.text, start: segment.start + min($0.start, segment.duration))
        }
        return Utterance(speaker: speaker, channel: channel, start: segment.start, end: segment.end, text: text,
                         normalizedText: normalizer.normalize(text), language: r.language,
                         emotion: r.emotion, event: r.event, tokens: tokens, rawText: text == raw ? nil : raw,
                         pitch: prosody.pitch, loudness: prosody.loudness)
    }
}
