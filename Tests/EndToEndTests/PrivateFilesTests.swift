import Foundation
import HarkTestSupport
import Testing

/// Call content Hark writes is the user's alone under any umask: files 0600, the folders it creates 0700.
@Suite struct PrivateFilesTests {
    func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Runs the hark binary under umask 000, the worst a shared machine's profile can set.
    func hark(_ args: [String]) throws -> ProcessResult {
        try Shell.run("/bin/sh", ["-c", "umask 000; exec \"$0\" \"$@\"", Paths.harkBinary] + args)
    }

    @Test func storeFoldersReportsAndDictionaryExportsArePrivateUnderUmask000() throws {
        let dir = try TemporaryDirectory()
        let audio = dir.path("call.wav")
        try Shell.sox(["-n", "-r", "16000", "-c", "2", audio, "synth", "1", "sine", "300"])
        let store = dir.path("new/deeper/calls.sqlite")
        let imported = try hark(["import", "--store", store, audio])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try mode(dir.path("new")) == 0o700)
        #expect(try mode(dir.path("new/deeper")) == 0o700)
        #expect(try mode(store) == 0o600)

        let report = dir.path("report.md")
        let r = try hark(["report", "--store", store, "-o", report, "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try mode(report) == 0o600)
        let exported = dir.path("dict.toml")
        let d = try hark(["dict", "export", "--store", store, exported])
        #expect(d.status == 0, "\(d.stderr)")
        #expect(try mode(exported) == 0o600)
        // No temporary file is left beside them.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func anUnwritableOutputIsOneLineNamingIt() throws {
        let dir = try TemporaryDirectory()
        let audio = dir.path("call.wav")
        try Shell.sox(["-n", "-r", "16000", "-c", "1", audio, "synth", "1", "sine", "300"])
        let store = dir.path("calls.sqlite")
        _ = try hark(["import", "--store", store, audio])
        let r = try hark(["report", "--store", store, "-o", "/proc/no/such/dir/r.md", "1"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/proc/no/such/dir/r.md: cannot write"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
