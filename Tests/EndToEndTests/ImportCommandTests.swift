import Foundation
import HarkTestSupport
import Testing

/// `hark import` and `hark calls` as a user runs them, on real audio made with sox.
@Suite struct ImportCommandTests {
    func hark(_ args: [String]) throws -> ProcessResult { try Shell.run(Paths.harkBinary, args) }

    @Test func importsGoodFilesReportsBadOnesAndIsSafeToRerun() throws {
        let dir = try TemporaryDirectory()
        let calls = dir.path("calls")
        try FileManager.default.createDirectory(atPath: calls + "/day2", withIntermediateDirectories: true)
        try Shell.sox(["-n", "-r", "16000", "-c", "2", calls + "/a.wav", "synth", "2", "sine", "300"])
        try Data(#"{"agent": "王芳", "customer": "李先生", "queue": "billing", "started_at": "2026-11-16T09:12:00+08:00", "direction": "inbound"}"#.utf8)
            .write(to: URL(fileURLWithPath: calls + "/a.json"))
        try Shell.sox(["-n", "-r", "8000", "-c", "1", calls + "/day2/20261117-1430_agent-Alice_customer-Bob_out.flac", "synth", "3", "sine", "440"])
        try Shell.sox(["-n", "-r", "16000", "-c", "1", calls + "/day2/c.ogg", "synth", "1.5", "sine", "500"])
        try Shell.sox(["-n", "-r", "16000", "-c", "1", calls + "/day2/d.mp3", "synth", "1.5", "sine", "500"])
        try Data("RIFF garbage".utf8).write(to: URL(fileURLWithPath: calls + "/corrupt.wav"))
        try Data().write(to: URL(fileURLWithPath: calls + "/empty.wav"))
        // A WAV cut off in the middle of its header.
        let good = try Data(contentsOf: URL(fileURLWithPath: calls + "/a.wav"))
        try good.prefix(30).write(to: URL(fileURLWithPath: calls + "/truncated.wav"))
        try Shell.sox(["-n", "-r", "384000", "-c", "1", calls + "/ultrasonic.wav", "synth", "0.5", "sine", "300"])
        // 96 kHz with six channels is a recorder's file, not a bad one: the first two channels are taken.
        try Shell.sox(["-n", "-r", "96000", "-c", "6", calls + "/surround.wav", "synth", "0.5", "sine", "300"])
        // Tools keep their own audio in hidden folders (.venv, .work): never calls.
        try FileManager.default.createDirectory(atPath: calls + "/.venv/tests", withIntermediateDirectories: true)
        try Shell.sox(["-n", "-r", "16000", "-c", "1", calls + "/.venv/tests/noise.wav", "synth", "1", "whitenoise"])

        let store = dir.path("store/calls.sqlite")
        let first = try hark(["import", "--store", store, calls])
        #expect(first.status == 1, "failures make the exit status non-zero")
        #expect(first.stdout.contains("imported 5, duplicates 0, failed 4"), "\(first.stdout)")
        #expect(first.stdout.contains("failed    \(calls)/empty.wav: empty recording"))
        #expect(first.stdout.contains("failed    \(calls)/corrupt.wav: cannot read audio"))
        #expect(first.stdout.contains("failed    \(calls)/truncated.wav: cannot read audio"))
        #expect(first.stdout.contains("failed    \(calls)/ultrasonic.wav: unsupported audio: sample rate 384000 Hz"))
        #expect(first.stdout.contains("\(calls)/surround.wav (0:00, 6 ch: agent and customer from channels 1 and 2, 96000 Hz)"),
                "\(first.stdout)")

        let second = try hark(["import", "--store", store, calls])
        #expect(second.stdout.contains("imported 0, duplicates 5, failed 4"))

        let list = try hark(["calls", "--store", store, "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(rows.count == 5)
        let wang = rows.first { ($0["agent"] as? String) == "王芳" }
        #expect(wang?["queue"] as? String == "billing")
        #expect(wang?["channels"] as? Int == 2)
        #expect(wang?["status"] as? String == "queued")
        let alice = rows.first { ($0["agent"] as? String) == "Alice" }
        #expect(alice?["customer"] as? String == "Bob")
        #expect(alice?["direction"] as? String == "outbound")
        #expect(alice?["sampleRate"] as? Int == 8000)

        let filtered = try hark(["calls", "--store", store, "--agent", "Alice", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as! [Any]).count == 1)
    }

    @Test func badSidecarIsReportedAndTheCallIsNotImported() throws {
        let dir = try TemporaryDirectory()
        try Shell.sox(["-n", "-r", "16000", "-c", "1", dir.path("x.wav"), "synth", "1", "sine", "300"])
        try Data(#"{"started_at": "next tuesday"}"#.utf8).write(to: URL(fileURLWithPath: dir.path("x.json")))
        let r = try hark(["import", "--store", dir.path("s.sqlite"), dir.path("x.wav")])
        #expect(r.stdout.contains("failed    \(dir.path("x.wav")): x.json: sidecar value for \"started_at\" is not valid"))
    }

    @Test func fromAndToAreLocalDaysAsTheListShowsThem() throws {
        let dir = try TemporaryDirectory()
        // Named for 20:00 UTC on the 15th: 04:00 on the 16th in Shanghai.
        let file = dir.path("20261115-2000_agent-Emily Zhou_customer-Li.wav")
        try Shell.sox(["-n", "-r", "16000", "-c", "2", file, "synth", "1", "sine", "300"])
        let store = dir.path("s.sqlite")
        _ = try hark(["import", "--store", store, file])
        func list(_ tz: String) throws -> String {
            try Shell.run(Paths.harkBinary, ["calls", "--store", store, "--from", "2026-11-16", "--to", "2026-11-16"],
                          environment: ["TZ": tz]).stdout
        }
        let shanghai = try list("Asia/Shanghai")
        #expect(shanghai.contains("2026-11-16 04:00") && shanghai.contains("Emily Zhou"), "\(shanghai)")
        #expect(!(try list("UTC")).contains("Emily Zhou"))
        let bad = try Shell.run(Paths.harkBinary, ["calls", "--store", store, "--from", "2026-02-30"])
        #expect(bad.stderr.contains("--from 2026-02-30: expected a date YYYY-MM-DD"))
    }

    @Test func unopenableStoreIsOneClearLine() throws {
        let r = try hark(["calls", "--store", "/proc/no/such/place/calls.sqlite"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/proc/no/such/place/calls.sqlite"))
    }
}
