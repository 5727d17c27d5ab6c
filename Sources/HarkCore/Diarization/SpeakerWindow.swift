/// A voice embedding of one stretch of a mono recording (a window inside a speech segment).
public struct SpeakerWindow: Sendable, Hashable {
    public var start: Double
    public var end: Double
    /// Unit length.
    public var embedding: [Float]

    public init(start: Double, end: Double, embedding: [Float]) {
        self.start = start
        self.end = end
        self.embedding = embedding
    }
}

/// Who spoke when in a mono recording: turns of speaker 0 and 1 (in order of who speaks first), and how sure.
public struct Diarization: Sendable, Hashable {
    public struct Turn: Sendable, Hashable {
        public var start: Double
        public var end: Double
        public var speaker: Int
        public init(start: Double, end: Double, speaker: Int) {
            self.start = start
            self.end = end
            self.speaker = speaker
        }
    }

    public var turns: [Turn]
    /// Voices told apart: 1 (one voice heard), 2, or 3 when a third voice was heard too (its speech is given to
    /// the nearer of the two main ones).
    public var voices: Int
    /// Cosine similarity of the two voices' centroids (1 for one voice): lower is a clearer separation.
    public var similarity: Double
    /// A line a supervisor can read when the result is unusual (one voice, a third voice, too little speech).
    public var note: String?

    public init(turns: [Turn], voices: Int, similarity: Double, note: String? = nil) {
        self.turns = turns
        self.voices = voices
        self.similarity = similarity
        self.note = note
    }

    /// The speaker at `t` seconds, nil outside every turn.
    public func speaker(at t: Double) -> Int? {
        var lo = 0, hi = turns.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if turns[mid].end <= t { lo = mid + 1 } else if turns[mid].start > t { hi = mid - 1 } else { return turns[mid].speaker }
        }
        return nil
    }
}
