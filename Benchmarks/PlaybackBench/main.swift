// hark-bench-playback: how closely the playhead follows real time on a real-time paced device.
//
// Starts a private PulseAudio server with a null sink (paced by the system clock like a sound card),
// plays a generated 60 s call on ALSA device `pulse`, samples the playhead against the wall clock every
// 100 ms, then measures seek latency and the 2× rate. The wall clock is the reference for every figure.
// Usage: hark-bench-playback [seconds=60] [device latency in seconds=0.05, the player's default]
import Foundation
import HarkAudio
import HarkTestSupport
import HarkCore

let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 60 : 60
let wall = MonotonicTimeSource()

// Run on every exit path: stop the server, remove the temporary folder.
nonisolated(unsafe) var cleanup: [() -> Void] = []

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hark-bench-playback: \(message)\n".utf8))
    cleanup.reversed().forEach { $0() }
    exit(1)
}

@discardableResult
func run(_ tool: String, _ args: [String]) -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return -1 }
    p.waitUntilExit()
    return p.terminationStatus
}

let work = FileManager.default.temporaryDirectory.appendingPathComponent("hark-bench-playback-\(getpid())")
try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
cleanup.append { try? FileManager.default.removeItem(at: work) }
let pulse: PulseServer
do { pulse = try PulseServer(folder: work) } catch { fail("\(error)") }
cleanup.append { pulse.stop() }

let wav = work.appendingPathComponent("call.wav").path
guard run("sox", ["-n", "-r", "16000", "-c", "2", "-b", "16", wav, "synth", "\(seconds)", "sine", "300", "sine", "500", "vol", "0.3"]) == 0
else { fail("sox failed to generate \(wav)") }
let audio: DecodedAudio
do { audio = try AudioFile(path: wav).decode() } catch { fail("\(error)") }

let latency = CommandLine.arguments.count > 2 ? Double(CommandLine.arguments[2]) ?? 0.05 : 0.05
let player = Player(audio: audio, device: "pulse", timeSource: wall, latency: latency)
if player.isMuted { fail("device pulse did not open: \(player.deviceProblem ?? "?")") }

func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }

// 1. Drift over the whole call.
let playAt = wall.now()
player.play()
var samples: [(t: Double, p: Double)] = []
var nextSample = playAt
while !player.isFinished && wall.now() - playAt < seconds + 10 {
    nextSample += 0.1
    let delay = nextSample - wall.now()
    if delay > 0 { Thread.sleep(forTimeInterval: delay) }
    samples.append((wall.now(), player.position))
}
// The device may take a while to start (PulseAudio's null sink wakes in blocks of up to 2 s), and the
// playhead rightly waits for it. Once it runs, the playhead should equal wall time minus the moment audio
// began; that moment is estimated as the median of (wall − playhead) over the steady part.
let running = samples.filter { $0.p > 0.3 && $0.p < audio.duration - 0.2 }
guard running.count > 10 else { fail("the playhead never ran steadily (\(samples.count) samples)") }
let offsets = running.map { $0.t - $0.p }.sorted()
let start = offsets[offsets.count / 2]
let drifts = running.map { $0.p - ($0.t - start) }
let maxDrift = drifts.map(abs).max() ?? 0
let meanDrift = drifts.map(abs).reduce(0, +) / Double(max(drifts.count, 1))
var backwards = 0
for i in 1..<samples.count where samples[i].p < samples[i - 1].p { backwards += 1 }
let rate = (running.last!.p - running.first!.p) / (running.last!.t - running.first!.t)
print("device pulse (PulseAudio null sink), \(Int(seconds)) s call, \(samples.count) samples at 100 ms")
print("start-up: audio (and playhead) began \(ms(start - playAt)) after play()")
print("drift vs wall clock over \(running.count) steady samples: max \(ms(maxDrift)), mean \(ms(meanDrift)) (target max <= 50 ms)")
print(String(format: "playhead rate / wall rate: %.5f, backward steps: %d", rate, backwards))
print("end of call reported: \(player.isFinished), seen \(ms(wall.now() - start - audio.duration)) after the last frame's wall time (polled every 100 ms)")

// 2. Seek latency: to a new position, while playing. Start again from 0 and wait out the device start.
player.seek(to: 0)
player.play()
let restartAt = wall.now()
while player.position < 0.5 && wall.now() - restartAt < 5 { Thread.sleep(forTimeInterval: 0.01) }
var reported: [Double] = []
var moving: [Double] = []
var seekDrifts: [Double] = []
let targets = [0.5, 0.2, 0.8, 0.35, 0.65].map { ($0 * (audio.duration - 4)).rounded() + 1 }
for target in targets {
    let seekAt = wall.now()
    player.seek(to: target)
    var reportedAt: Double?
    var movingAt: Double?
    while wall.now() - seekAt < 3 {
        let p = player.position
        if reportedAt == nil, abs(p - target) < 0.02 { reportedAt = wall.now() }
        if movingAt == nil, p > target + 0.005 { movingAt = wall.now() }
        if reportedAt != nil, movingAt != nil { break }
        Thread.sleep(forTimeInterval: 0.001)
    }
    reported.append((reportedAt ?? .infinity) - seekAt)
    moving.append((movingAt ?? .infinity) - seekAt)
    // Once moving again, is it on the wall clock?
    Thread.sleep(forTimeInterval: 0.5)
    let t = wall.now(), p = player.position
    seekDrifts.append(p - target - (t - (movingAt ?? t)))
}
print("seek latency, playhead at the new position: max \(ms(reported.max() ?? 0)), mean \(ms(reported.reduce(0, +) / Double(reported.count))) (target <= 100 ms)")
print("seek latency, playhead moving from it (audio heard): max \(ms(moving.max() ?? 0)), mean \(ms(moving.reduce(0, +) / Double(moving.count)))")
print("drift 0.5 s after a seek: max \(ms(seekDrifts.map(abs).max() ?? 0))")

// 3. Pause holds the playhead; resume continues from it.
let beforePause = player.position
player.pause()
let pausedAt = player.position
Thread.sleep(forTimeInterval: 1)
let pausedDrift = player.position - pausedAt
let resumeAt = wall.now()
player.play()
var resumeLatency = Double.infinity
while wall.now() - resumeAt < 3 {
    if player.position > pausedAt + 0.005 { resumeLatency = wall.now() - resumeAt; break }
    Thread.sleep(forTimeInterval: 0.001)
}
print("pause: playhead moved \(ms(pausedDrift)) during a 1 s pause (at \(String(format: "%.3f", beforePause)) s); resume: moving after \(ms(resumeLatency))")

// 4. Speed: at 2× the playhead runs twice as fast as the wall clock.
player.seek(to: 5)
player.setSpeed(2)
Thread.sleep(forTimeInterval: 0.5)
let t0 = wall.now(), p0 = player.position
Thread.sleep(forTimeInterval: 3)
let t1 = wall.now(), p1 = player.position
print(String(format: "2x speed: playhead rate / wall rate %.4f (expect 2)", (p1 - p0) / (t1 - t0)))

// 5. Seek while paused, then resume: the stream is kept, so no restart stall.
player.setSpeed(1)
player.pause()
player.seek(to: 20)
Thread.sleep(forTimeInterval: 0.3)
let pausedSeekAt = wall.now()
player.play()
var pausedSeekLatency = Double.infinity
while wall.now() - pausedSeekAt < 3 {
    if player.position > 20.005 { pausedSeekLatency = wall.now() - pausedSeekAt; break }
    Thread.sleep(forTimeInterval: 0.001)
}
print("seek while paused then play: moving after \(ms(pausedSeekLatency))")

// 6. The sound server dies mid-call: the player turns muted and the playhead keeps real time.
Thread.sleep(forTimeInterval: 0.5)
pulse.stop()
let killedAt = wall.now()
while !player.isMuted && wall.now() - killedAt < 5 { Thread.sleep(forTimeInterval: 0.01) }
let mutedAfter = wall.now() - killedAt
let m0 = player.position, mt0 = wall.now()
Thread.sleep(forTimeInterval: 1)
let mutedRate = (player.position - m0) / (wall.now() - mt0)
print("server killed mid-call: \(player.muteReason ?? "not muted") after \(ms(mutedAfter)); " +
      String(format: "playhead rate / wall rate afterwards %.4f", mutedRate))
player.stop()
cleanup.reversed().forEach { $0() }
