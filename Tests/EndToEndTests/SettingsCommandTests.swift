import Foundation
import HarkTestSupport
import Testing

/// The settings file through the real `hark` binary: `hark config` names where each value came from, and a
/// file with a problem stops a command before it opens (or creates) the store.
@Suite struct SettingsCommandTests {
    /// No settings from the developer's own environment.
    static func environment(_ dir: TemporaryDirectory, _ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": dir.path("home"), "XDG_CONFIG_HOME": dir.path("xdg"), "HARK_CONFIG": "", "HARK_STORE": ""].merging(extra) { $1 }
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The `key = value   # source` line `hark config` printed for `key` in `section`.
    static func line(_ output: String, _ section: String, _ key: String) -> String? {
        var current = ""
        for line in output.split(separator: "\n").map(String.init) {
            if line.hasPrefix("[") { current = line; continue }
            if current == "[\(section)]" && line.hasPrefix("\(key) = ") { return line }
        }
        return nil
    }

    @Test func harkConfigPrintsEachSettingWithWhereItCameFrom() throws {
        let dir = try TemporaryDirectory("hark-config")
        let file = dir.path("xdg/hark/config.toml")
        try Self.write("""
            [analysis]
            long_silence = 3
            call_languages = ["zh", "en"]

            [work]
            workers = 2
            """, to: file)
        let r = try Shell.run(Paths.harkBinary, ["config", "--store", dir.path("flag.sqlite")], environment: Self.environment(dir))
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("# settings file: \(file) (default location)"), "\(out)")
        #expect(Self.line(out, "analysis", "long_silence").map { $0.hasSuffix("# \(file):2") && $0.contains("= 3 ") } == true, "\(out)")
        #expect(Self.line(out, "analysis", "call_languages")?.hasSuffix("# \(file):3") == true, "\(out)")
        #expect(Self.line(out, "analysis", "slow_response")?.hasSuffix("# default") == true, "\(out)")
        #expect(Self.line(out, "work", "workers").map { $0.hasPrefix("workers = 2 ") && $0.hasSuffix("# \(file):6") } == true, "\(out)")
        #expect(Self.line(out, "store", "path").map { $0.contains(dir.path("flag.sqlite")) && $0.hasSuffix("# --store") } == true, "\(out)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("flag.sqlite")), "printing the settings opens no store")

        // The environment beats the file, a flag beats both.
        try Self.write("[store]\npath = \"/nowhere/file.sqlite\"\n", to: dir.path("other.toml"))
        let env = try Shell.run(Paths.harkBinary, ["config", "--config", dir.path("other.toml")],
                                environment: Self.environment(dir, ["HARK_STORE": dir.path("env.sqlite")]))
        #expect(Self.line(env.stdout, "store", "path")?.hasSuffix("# $HARK_STORE") == true, "\(env.stdout)")
        #expect(env.stdout.contains("(named by --config)"))
        let plain = try Shell.run(Paths.harkBinary, ["config", "--config", dir.path("other.toml")], environment: Self.environment(dir))
        #expect(Self.line(plain.stdout, "store", "path")?.hasSuffix("# \(dir.path("other.toml")):2") == true, "\(plain.stdout)")

        // JSON names the file and line apart.
        let json = try Shell.run(Paths.harkBinary, ["config", "--json"], environment: Self.environment(dir))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let settings = try #require(object["settings"] as? [[String: Any]])
        let silence = try #require(settings.first { $0["key"] as? String == "analysis.long_silence" })
        #expect(silence["value"] as? Double == 3 && silence["from"] as? String == "file" && silence["line"] as? Int == 1 + 1)
        #expect(silence["file"] as? String == file)
    }

    @Test func aBadSettingsFileRefusesTheCommandAndLeavesTheStoreAlone() throws {
        let dir = try TemporaryDirectory("hark-config")
        let store = dir.path("calls.sqlite")
        let bad = dir.path("bad.toml")
        try Self.write("[analysis]\nslow_response = 4\nlong_silnce = 3\n", to: bad)
        let expected = "Error: \(bad):3: unknown key \"long_silnce\" in [analysis] (did you mean \"long_silence\"?)\n"

        let fresh = try Shell.run(Paths.harkBinary, ["calls", "--config", bad, "--store", store], environment: Self.environment(dir))
        #expect(fresh.status != 0)
        #expect(fresh.stderr == expected, "one line naming the file, the line and the key")
        #expect(fresh.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store), "no store is created")

        // An existing store is not opened either: not a byte or a timestamp changes, no -wal appears.
        let made = try Shell.run(Paths.harkBinary, ["calls", "--store", store], environment: Self.environment(dir))
        #expect(made.status == 0, "\(made.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let modified = try FileManager.default.attributesOfItem(atPath: store)[.modificationDate] as? Date
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
        Thread.sleep(forTimeInterval: 0.05)
        for args in [["calls"], ["stats"], ["dict", "list"], ["tui"], []] {
            let r = try Shell.run(Paths.harkBinary, args + ["--store", store], environment: Self.environment(dir, ["HARK_CONFIG": bad]))
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr == expected, "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: store)[.modificationDate] as? Date == modified)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == leftovers)

        // A wrong value and a missing named file are refused the same way.
        try Self.write("[work]\nworkers = 0\n", to: bad)
        let zero = try Shell.run(Paths.harkBinary, ["calls", "--config", bad, "--store", store], environment: Self.environment(dir))
        #expect(zero.stderr == "Error: \(bad):2: workers in [work] must be 1 or more, not 0\n")
        let missing = try Shell.run(Paths.harkBinary, ["models", "--config", dir.path("nope.toml")], environment: Self.environment(dir))
        #expect(missing.status != 0 && missing.stderr == "Error: \(dir.path("nope.toml")): no such settings file (named by --config)\n")
    }
}
