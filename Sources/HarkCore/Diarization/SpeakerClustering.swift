/// Tells the voices of a mono recording apart from its windows' embeddings: two clusters (spherical k-means,
/// restarted from several far-apart pairs), one voice when the two are not really different, smoothed
/// into turns no shorter than a minimum.
public enum SpeakerClustering {
    public struct Options: Sendable {
        /// Two clusters whose centroids are at least this similar, and whose windows stand less than
        /// `clearSeparation` closer to their own centroid than to the other, are one voice cut in two. Measured
        /// (2 s windows): two real voices on a telephone line 0.885 / 0.102 (pyannote-sample), one voice
        /// 0.914 / 0.078 and 0.920 / 0.073 (single espeak voices), two distinct voices 0.77 / 0.20.
        public var sameVoice: Double = 0.90
        public var clearSeparation: Double = 0.095
        /// Fewer changes of voice than this make two clusters one voice drifting, unless the two are as
        /// different as `distinctVoices` (cosine below it).
        public var minChanges = 2
        public var distinctVoices = 0.5
        /// A cluster with less than this share of the speech is not a second speaker.
        public var minShare: Double = 0.06
        /// Turns shorter than this (seconds) are merged into their neighbours.
        public var minTurn: Double = 0.7
        /// Windows this far apart in time (seconds) or more do not form one turn.
        public var gap: Double = 0.6
        public init() {}
    }

    public static func diarize(_ windows: [SpeakerWindow], options: Options = Options()) -> Diarization {
        guard windows.count >= 2 else {
            return Diarization(turns: turns(windows, labels: [Int](repeating: 0, count: windows.count), options),
                               voices: windows.isEmpty ? 0 : 1, similarity: 1,
                               note: windows.isEmpty ? "no speech to tell voices apart" : "too little speech to tell voices apart")
        }
        var (labels, centroids) = kMeans(windows, k: 2)
        let similarity = Double(dot(centroids[0], centroids[1]))
        let separation = self.separation(windows, labels, centroids)
        let share = Double(labels.filter { $0 == 1 }.count) / Double(labels.count)
        if (similarity >= options.sameVoice && separation < options.clearSeparation) || min(share, 1 - share) < options.minShare {
            return Diarization(turns: turns(windows, labels: [Int](repeating: 0, count: windows.count), options),
                               voices: 1, similarity: similarity, note: "one voice heard: every utterance is one speaker's")
        }
        // A third voice (a supervisor joining, an IVR prompt): split in three and see if a real third cluster
        // stands apart from both; its windows go to the nearer main voice, with a note.
        var voices = 2
        var note: String?
        if windows.count >= 12 {
            let (three, c3) = kMeans(windows, k: 3)
            let sizes = (0..<3).map { k in three.filter { $0 == k }.count }
            let pairs = [(0, 1), (0, 2), (1, 2)].map { Double(dot(c3[$0.0], c3[$0.1])) }
            if pairs.allSatisfy({ $0 < options.sameVoice - 0.1 }), sizes.allSatisfy({ Double($0) >= 0.12 * Double(windows.count) }) {
                voices = 3
                note = "three voices heard: the third voice's speech is given to the nearer of the two main ones"
            }
        }
        // Speaker 0 is whoever speaks first.
        if labels.first == 1 { labels = labels.map { 1 - $0 }; centroids.swapAt(0, 1) }
        let found = turns(windows, labels: labels, options)
        // Two people in a call take turns; one voice whose sound drifts (a long monologue, a change of line or
        // distance) splits into two blocks with a single change between them. Measured: conversations 5–10
        // changes a minute; a 70 s monologue and a 12 s read sentence, 1 each.
        let changes = zip(found, found.dropFirst()).filter { $0.speaker != $1.speaker }.count
        if changes < options.minChanges && similarity > options.distinctVoices {
            return Diarization(turns: turns(windows, labels: [Int](repeating: 0, count: windows.count), options), voices: 1,
                               similarity: similarity, note: "one voice heard (its sound changes once, no turns are taken)")
        }
        return Diarization(turns: found, voices: voices, similarity: similarity, note: note)
    }

    /// How much closer each window is to its own voice than to the other, on average (cosine): two real voices
    /// stand apart by much more than one voice cut in two.
    static func separation(_ windows: [SpeakerWindow], _ labels: [Int], _ centroids: [[Float]]) -> Double {
        var sum = 0.0
        for (w, l) in zip(windows, labels) { sum += Double(dot(w.embedding, centroids[l]) - dot(w.embedding, centroids[1 - l])) }
        return sum / Double(max(1, windows.count))
    }

    /// Spherical k-means (unit vectors, cosine), restarted from several pairs of far-apart windows and the
    /// partition whose windows lie closest to their own centroid kept: one start alone could settle on a poor
    /// split. Deterministic.
    static func kMeans(_ windows: [SpeakerWindow], k: Int) -> (labels: [Int], centroids: [[Float]]) {
        let n = windows.count
        var best: (labels: [Int], centroids: [[Float]], score: Double)?
        let starts = Swift.min(n, 16)
        for r in 0..<starts {
            var seeds = [r * n / starts]
            while seeds.count < k {
                seeds.append(argmin(n) { i in seeds.map { dot(windows[i].embedding, windows[$0].embedding) }.max()! })
            }
            let (labels, centroids) = lloyd(windows, seeds: seeds)
            // The k-means objective: how close the windows are to their own voice, summed.
            var score = 0.0
            for (w, l) in zip(windows, labels) { score += Double(dot(w.embedding, centroids[l])) }
            if best == nil || score > best!.score { best = (labels, centroids, score) }
        }
        return (best!.labels, best!.centroids)
    }

    static func lloyd(_ windows: [SpeakerWindow], seeds: [Int]) -> (labels: [Int], centroids: [[Float]]) {
        let n = windows.count, k = seeds.count
        let dims = windows[0].embedding.count
        var centroids = seeds.map { windows[$0].embedding }
        var labels = [Int](repeating: -1, count: n)
        for _ in 0..<30 {
            var changed = false
            for i in 0..<n {
                let best = argmax(k) { dot(windows[i].embedding, centroids[$0]) }
                if best != labels[i] { labels[i] = best; changed = true }
            }
            for c in 0..<k {
                var sum = [Float](repeating: 0, count: dims)
                var count = 0
                for i in 0..<n where labels[i] == c {
                    count += 1
                    for d in 0..<dims { sum[d] += windows[i].embedding[d] }
                }
                if count > 0 { centroids[c] = normalized(sum) }
            }
            if !changed { break }
        }
        return (labels, centroids)
    }

    /// Window labels → turns: each 0.1 s step takes the label most of its covering windows give, runs shorter
    /// than `minTurn` join a neighbour, and a gap in the windows ends a turn.
    static func turns(_ windows: [SpeakerWindow], labels: [Int], _ options: Options) -> [Diarization.Turn] {
        guard !windows.isEmpty else { return [] }
        // Windows come in time order per segment; group overlapping ones into stretches of speech.
        let order = windows.indices.sorted { windows[$0].start < windows[$1].start }
        var out: [Diarization.Turn] = []
        var stretch: [Int] = []
        func flush() {
            guard let first = stretch.first else { return }
            let lo = windows[first].start, hi = stretch.map { windows[$0].end }.max()!
            let step = 0.1
            var steps: [(t: Double, label: Int)] = []
            var t = lo
            while t < hi {
                var votes = [0, 0]
                for i in stretch where windows[i].start <= t + step / 2 && windows[i].end > t + step / 2 { votes[labels[i]] += 1 }
                let label = votes[0] == votes[1] ? (steps.last?.label ?? labels[stretch[0]]) : (votes[1] > votes[0] ? 1 : 0)
                steps.append((t, label))
                t += step
            }
            var runs: [Diarization.Turn] = []
            for s in steps {
                if let last = runs.last, last.speaker == s.label { runs[runs.count - 1].end = min(hi, s.t + step) } else {
                    runs.append(Diarization.Turn(start: s.t, end: min(hi, s.t + step), speaker: s.label))
                }
            }
            // Short runs join the longer neighbour until none is left (a cough, a window straddling a change).
            while runs.count > 1, let i = runs.indices.filter({ runs[$0].end - runs[$0].start < options.minTurn })
                .min(by: { runs[$0].end - runs[$0].start < runs[$1].end - runs[$1].start }) {
                let left = i > 0 ? runs[i - 1].end - runs[i - 1].start : -1
                let right = i + 1 < runs.count ? runs[i + 1].end - runs[i + 1].start : -1
                let into = left >= right ? i - 1 : i + 1
                runs[into].start = min(runs[into].start, runs[i].start)
                runs[into].end = max(runs[into].end, runs[i].end)
                runs.remove(at: i)
                var merged: [Diarization.Turn] = []
                for r in runs {
                    if let last = merged.last, last.speaker == r.speaker { merged[merged.count - 1].end = r.end } else { merged.append(r) }
                }
                runs = merged
            }
            out += runs
            stretch = []
        }
        var reach = -Double.infinity
        for i in order {
            if windows[i].start > reach + options.gap { flush() }
            stretch.append(i)
            reach = max(reach, windows[i].end)
        }
        flush()
        return out
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var s: Float = 0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return s
    }

    static func normalized(_ v: [Float]) -> [Float] {
        let n = dot(v, v).squareRoot()
        return n > 0 ? v.map { $0 / n } : v
    }

    private static func argmin(_ n: Int, _ f: (Int) -> Float) -> Int { (0..<n).min { f($0) < f($1) }! }
    private static func argmax(_ n: Int, _ f: (Int) -> Float) -> Int { (0..<n).max { f($0) < f($1) }! }
}
