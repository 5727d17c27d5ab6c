import Foundation
import HarkCore

/// Everything the player's API and its writer thread share. Guarded by `PlayerEngine.condition`.
struct PlayerState {
    var clock: PlaybackClock
    var playing = false
    var finished = false
    var stopped = false
    var threadDone = false
    var speed = 1.0
    var solo = SoloMode.both
    var volume = 1.0
    var muteReason: String?
    var deviceProblem: String?
    var onEnd: (@Sendable () -> Void)?
    /// Bumped by every command so the writer never sleeps through one.
    var revision = 0
}

/// The writer thread and the state it shares with the API.
///
/// `@unchecked Sendable`: `state` is only touched with `condition` locked; `output` is set in `init`
/// before the thread starts and afterwards read and replaced only by the writer thread.
final class PlayerEngine: @unchecked Sendable {
    static let noDevice = "muted: no audio device"
    static let deviceLost = "muted: audio device lost"

    let audio: DecodedAudio
    let timeSource: any TimeSource
    let outputChannels: Int
    /// How far ahead of the playhead audio is queued when nothing paces the writer but the clock.
    let paceAhead = 0.1
    let condition = NSCondition()
    var state: PlayerState
    private var output: AlsaOutput?
    private var thread: Thread?

    init(audio: DecodedAudio, device: String, outputChannels: Int, timeSource: any TimeSource, latency: Double) {
        self.audio = audio
        self.timeSource = timeSource
        self.outputChannels = max(1, min(outputChannels, 2))
        var pacing = PlaybackClock.Pacing.timeSource
        var problem: String?
        do {
            let out = try AlsaOutput(name: device, rate: audio.sampleRate, channels: self.outputChannels, latency: latency)
            output = out
            if out.isSelfPaced { pacing = .device }
        } catch {
            problem = "\(error)"
        }
        state = PlayerState(clock: PlaybackClock(rate: audio.sampleRate, sourceFrames: audio.frameCount, pacing: pacing))
        if let problem {
            state.muteReason = Self.noDevice
            state.deviceProblem = problem
        }
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "hark-playback"
        thread.qualityOfService = .userInteractive
        self.thread = thread
        thread.start()
    }

    /// Runs `body` with the state locked and wakes the writer afterwards.
    func command<T>(_ body: (inout PlayerState, Double) -> T) -> T {
        condition.lock()
        defer {
            state.revision &+= 1
            condition.broadcast()
            condition.unlock()
        }
        return body(&state, timeSource.now())
    }

    /// Reads the state locked, without waking the writer.
    func read<T>(_ body: (inout PlayerState, Double) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&state, timeSource.now())
    }

    /// Asks the writer to finish and waits for it (unless called from the writer, e.g. an end handler).
    func shutdown() {
        command { s, now in
            if s.playing { s.clock.stop(now: now) }
            s.playing = false
            s.stopped = true
        }
        guard let thread, Thread.current !== thread else { return }
        condition.lock()
        while !state.threadDone { condition.wait() }
        condition.unlock()
    }

    // MARK: - Writer thread

    private func run() {
        var stretcher = TimeStretcher(audio: audio)
        let hop = stretcher.hop
        let rate = Double(audio.sampleRate)
        var generation = -1
        // Frames written since the device was last prepared, and how many of them predate this generation
        // (audio left queued by a seek on a device that keeps its queue).
        var written = 0
        var base = 0
        var devicePaused = false
        var resumeFromPlayhead = false
        var exhausted = false
        let channels = output?.channels ?? outputChannels
        // The rendered hop not yet fully written, and how many of its frames went out.
        var pending: [Int16] = []
        var pendingOffset = 0

        while true {
            condition.lock()
            if state.stopped { condition.unlock(); break }
            let gen = state.clock.generation, origin = state.clock.origin, playing = state.playing
            let speed = state.speed, solo = state.solo, volume = Float(state.volume), revision = state.revision
            condition.unlock()

            if gen != generation {
                generation = gen
                exhausted = false
                resumeFromPlayhead = false
                pending = []
                stretcher.reset(to: origin)
                if let out = output, out.keepsQueueOnSeek, out.isRunning || devicePaused {
                    base = written
                } else if let out = output {
                    devicePaused = false
                    do { try out.dropAndPrepare() } catch { fail(error); continue }
                    written = 0
                    base = 0
                } else {
                    written = 0
                    base = 0
                }
            }

            guard playing else {
                if let out = output, out.isSelfPaced, !devicePaused, !resumeFromPlayhead, written > 0 {
                    if out.pause(true) {
                        devicePaused = true
                    } else {
                        // No pause on this device: drop the queue and start again from the playhead on resume.
                        try? out.dropAndPrepare()
                        resumeFromPlayhead = true
                    }
                }
                idle(seconds: 0.05, revision: revision)
                continue
            }
            if devicePaused, let out = output {
                devicePaused = false
                if !out.pause(false) { resumeFromPlayhead = true }
            }
            if resumeFromPlayhead {
                command { s, now in s.clock.reposition(to: s.clock.position(now: now), now: now) }
                continue
            }

            if exhausted && finishIfHeard(generation: gen) {
                if let out = output, out.isSelfPaced { try? out.dropAndPrepare() }
                written = 0
                base = 0
                continue
            }

            // How many frames may go out now: what the device has room for, or what the clock allows.
            let room: Int
            let paced = output?.isSelfPaced ?? false
            if let out = output, paced {
                do { room = try out.available() } catch { fail(error); continue }
                measure(out, generation: gen, written: written, base: base)
            } else {
                room = read { s, now in Int(s.clock.heardFrames(now: now) + paceAhead * rate - s.clock.appended) }
            }

            if pending.isEmpty {
                if paced ? room <= 0 : room < hop {
                    if paced {
                        // snd_pcm_wait returns at once on some plugins (PulseAudio), so sleep instead.
                        idle(seconds: 0.005, revision: revision)
                    } else {
                        let missing = Double(hop - max(room, 0)) / rate
                        idle(seconds: min(max(missing, 0.001), 0.01), revision: revision)
                    }
                    continue
                }
                let frames: Int
                let sourceStart: Double, sourceEnd: Double
                if exhausted || stretcher.isExhausted {
                    exhausted = true
                    // A real device gets silence after the call so its queue plays out instead of underrunning.
                    guard paced else { idle(seconds: 0.005, revision: revision); continue }
                    frames = hop
                    pending = [Int16](repeating: 0, count: hop * channels)
                    sourceStart = Double(audio.frameCount)
                    sourceEnd = sourceStart
                } else {
                    let audible = ChannelMixer.audible(solo, channelCount: audio.channels.count)
                    var chunk = stretcher.next(speed: speed, audible: audible)
                    frames = chunk.trimmed(toSourceFrames: audio.frameCount)
                    pending = ChannelMixer.interleave(chunk.channels, outputChannels: channels, solo: solo, volume: volume)
                    sourceStart = chunk.sourceStart
                    sourceEnd = chunk.sourceEnd
                }
                pendingOffset = 0
                let current = read { s, _ in
                    guard s.clock.generation == gen else { return false }
                    s.clock.append(outputCount: frames, sourceStart: sourceStart, sourceEnd: sourceEnd)
                    return true
                }
                guard current else { pending = []; continue }
            }

            // A device gets exactly what fits: a PulseAudio stream that is one hop short of a full buffer
            // never starts and stalls for seconds, so partial hops matter.
            let left = pending.count / channels - pendingOffset
            let count = paced ? min(room, left) : left
            if paced && count <= 0 {
                idle(seconds: 0.005, revision: revision)
                continue
            }
            if let out = output, count > 0 {
                do {
                    try pending.withUnsafeBufferPointer { buf in
                        try out.write(UnsafeBufferPointer(rebasing: buf[(pendingOffset * channels)..<((pendingOffset + count) * channels)]))
                    }
                    written += count
                } catch {
                    fail(error)
                    continue
                }
                if paced { measure(out, generation: gen, written: written, base: base) }
            }
            pendingOffset += output == nil ? left : count
            if pendingOffset * channels >= pending.count { pending = [] }
        }

        if let out = output, !out.isSelfPaced { out.drain() }
        output = nil
        condition.lock()
        state.threadDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Marks the call finished once its last frame was heard, and runs the end handler.
    private func finishIfHeard(generation: Int) -> Bool {
        // Read first: `command` wakes the writer, and calling it on every pass would keep it from sleeping.
        guard read({ s, now in s.clock.generation == generation && s.playing && s.clock.reachedEnd(now: now) }) else {
            return false
        }
        let handler: (@Sendable () -> Void)?? = command { s, now in
            guard s.clock.generation == generation, s.playing, s.clock.reachedEnd(now: now) else { return nil }
            s.clock.stop(now: now)
            s.playing = false
            s.finished = true
            return .some(s.onEnd)
        }
        guard let handler else { return false }
        handler?()
        return true
    }

    /// Hands the device's progress to the clock: frames heard since this generation's first frame.
    private func measure(_ out: AlsaOutput, generation: Int, written: Int, base: Int) {
        let report = out.report(clock: timeSource)
        read { s, _ in
            guard s.clock.generation == generation, s.playing else { return }
            s.clock.measure(heard: Double(max(written - report.delay - base, 0)), at: report.at,
                            advancing: report.running && written - report.delay > base)
        }
    }

    /// The device failed beyond recovery: carry on silently, paced by the clock, from where we are.
    private func fail(_ error: Error) {
        output = nil
        command { s, now in
            s.muteReason = Self.deviceLost
            s.deviceProblem = "\(error)"
            s.clock.changePacing(to: .timeSource, now: now)
        }
    }

    /// Sleeps up to `seconds` of real time unless a command arrives.
    private func idle(seconds: Double, revision: Int) {
        condition.lock()
        if state.revision == revision && !state.stopped {
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
        }
        condition.unlock()
    }
}
