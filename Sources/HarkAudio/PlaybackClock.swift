/// The playhead: which second of the call is being heard, derived from output frames.
///
/// Output frames are counted from the last reposition (start, seek, device change). Every rendered chunk
/// is recorded as a segment saying which stretch of the call it carries, so the playhead stays true at any
/// speed and across speed changes: audio already queued at the old speed still plays at the old speed.
///
/// Two ways to know how many output frames were heard:
/// - `.device`: a self-paced sound device reports it (frames written − `snd_pcm_delay`, stamped with the
///   `snd_pcm_status` timestamp); between reports the clock extrapolates at the output rate.
/// - `.timeSource`: devices that swallow audio instantly (`null`, `file:`) and the silent sink have no
///   notion of time, so frames are "heard" at the output rate of the injected `TimeSource`.
///
/// While playing, the reported position never goes backwards within one reposition.
public struct PlaybackClock: Sendable {
    /// Where the count of heard frames comes from.
    public enum Pacing: Sendable, Equatable {
        case device
        case timeSource
    }

    /// A run of output frames and the call frames they carry.
    struct Segment: Sendable, Equatable {
        var outputStart: Double
        var outputCount: Double
        var sourceStart: Double
        var sourceEnd: Double
    }

    /// A device report: `heard` output frames at time `at`; `advancing` when the device is running.
    struct Measurement: Sendable, Equatable {
        var heard: Double
        var at: Double
        var advancing: Bool
    }

    /// Frames per second of both the call and the output (the device is opened at the call's rate).
    public let rate: Double
    /// Length of the call in frames.
    public let sourceFrames: Double
    public private(set) var pacing: Pacing
    /// Bumped on every reposition so the writer can drop work done for an older one.
    public private(set) var generation = 0
    /// Call frame at output frame 0 of this generation.
    public private(set) var origin: Double = 0
    /// Output frames queued so far in this generation.
    public private(set) var appended: Double = 0
    /// Call frames per output frame for audio not yet rendered.
    public var speed: Double = 1
    public private(set) var isRunning = false

    /// Longest stretch the clock extrapolates past a device report: a stalled device then shows as a
    /// playhead that stops instead of one that runs away.
    public var maxExtrapolation: Double = 0.05
    /// Device reports closer than this to the prediction are blended in rather than snapped to, which
    /// hides the step-wise updates some devices (PulseAudio) make to their delay.
    public var smoothingWindow: Double = 0.02

    var segments: [Segment] = []
    private var consumedBase: Double = 0
    private var runningSince: Double?
    private var measurement: Measurement?
    private var lastReported: Double = 0

    public init(rate: Int, sourceFrames: Int, pacing: Pacing) {
        self.rate = Double(rate)
        self.sourceFrames = Double(sourceFrames)
        self.pacing = pacing
    }

    public var duration: Double { sourceFrames / rate }

    /// Starts a new generation at `seconds` of the call: nothing queued, nothing heard.
    public mutating func reposition(to seconds: Double, now: Double) {
        generation += 1
        origin = min(max(seconds, 0), duration) * rate
        segments.removeAll(keepingCapacity: true)
        appended = 0
        consumedBase = 0
        runningSince = isRunning ? now : nil
        measurement = nil
        lastReported = origin / rate
    }

    /// Switches where heard frames come from (a device failed), continuing from the current position.
    public mutating func changePacing(to newPacing: Pacing, now: Double) {
        let here = position(now: now)
        pacing = newPacing
        reposition(to: here, now: now)
    }

    /// Playback (re)starts: frames start being heard.
    public mutating func start(now: Double) {
        guard !isRunning else { return }
        isRunning = true
        runningSince = now
        if let m = measurement { measurement = Measurement(heard: m.heard, at: now, advancing: false) }
    }

    /// Playback pauses: the position freezes where it is now.
    public mutating func stop(now: Double) {
        guard isRunning else { return }
        let heard = heardFrames(now: now)
        lastReported = max(lastReported, seconds(atOutput: heard))
        consumedBase = heard
        runningSince = nil
        measurement = Measurement(heard: heard, at: now, advancing: false)
        isRunning = false
    }

    /// Records that `outputCount` frames carrying call frames `sourceStart..<sourceEnd` were queued.
    public mutating func append(outputCount: Int, sourceStart: Double, sourceEnd: Double) {
        segments.append(Segment(outputStart: appended, outputCount: Double(outputCount),
                                sourceStart: sourceStart, sourceEnd: sourceEnd))
        appended += Double(outputCount)
    }

    /// A device report for `.device` pacing: `heard` output frames as of time `at`.
    public mutating func measure(heard: Double, at: Double, advancing: Bool) {
        guard pacing == .device else { return }
        var value = min(heard, appended)
        if advancing, let m = measurement, m.advancing, isRunning {
            let predicted = m.heard + max(at - m.at, 0) * rate
            let error = value - predicted
            if abs(error) < smoothingWindow * rate { value = predicted + error * 0.3 }
        }
        measurement = Measurement(heard: value, at: at, advancing: advancing && isRunning)
    }

    /// Output frames heard by `now` in this generation.
    public func heardFrames(now: Double) -> Double {
        switch pacing {
        case .timeSource:
            guard let since = runningSince, isRunning else { return consumedBase }
            return consumedBase + max(now - since, 0) * rate
        case .device:
            guard let m = measurement else { return 0 }
            guard m.advancing, isRunning else { return m.heard }
            let ahead = min(max(now - m.at, 0), maxExtrapolation) * rate
            return min(m.heard + ahead, appended)
        }
    }

    /// The playhead in call seconds, monotonic while running.
    public mutating func position(now: Double) -> Double {
        guard isRunning else { return lastReported }
        let heard = heardFrames(now: now)
        prune(before: heard)
        lastReported = max(lastReported, seconds(atOutput: heard))
        return lastReported
    }

    /// True once everything up to the end of the call was heard.
    public mutating func reachedEnd(now: Double) -> Bool {
        position(now: now) >= duration - 0.5 / rate
    }

    /// Call seconds carried by output frame `heard`; frames not yet rendered continue at `speed`.
    func seconds(atOutput heard: Double) -> Double {
        var frame: Double
        if let last = segments.last, heard >= last.outputStart + last.outputCount {
            frame = last.sourceEnd + (heard - last.outputStart - last.outputCount) * speed
        } else if let seg = segments.last(where: { $0.outputStart <= heard }) {
            let fraction = seg.outputCount > 0 ? (heard - seg.outputStart) / seg.outputCount : 0
            frame = seg.sourceStart + (seg.sourceEnd - seg.sourceStart) * fraction
        } else if let first = segments.first {
            frame = first.sourceStart
        } else {
            frame = origin + heard * speed
        }
        frame = min(max(frame, 0), sourceFrames)
        return frame / rate
    }

    /// Forgets segments wholly heard, keeping the latest so the mapping always has an anchor.
    private mutating func prune(before heard: Double) {
        var drop = 0
        while drop + 1 < segments.count, segments[drop + 1].outputStart <= heard { drop += 1 }
        if drop > 32 { segments.removeFirst(drop) }
    }
}
