import Foundation
import HarkConfig
import HarkCore
import Testing

/// The settings file: every value with where it came from, and each way a file is refused (one line naming
/// the file, the line and the key), with nothing applied from a refused file.
@Suite struct SettingsFileTests {
    static let context = SettingsContext(themes: ["default", "high-contrast", "light", "mono"], defaultStorePath: "/data/calls.sqlite",
                                         defaultWorkers: 3)
    static let path = "/etc/hark/config.toml"

    static func apply(_ text: String, to settings: inout HarkSettings) throws {
        try SettingsLoader.apply(text, path: path, to: &settings, context: context)
    }

    static func fresh() -> HarkSettings {
        HarkSettings(storePath: context.defaultStorePath, file: ConfigFile(path: path, source: .flag("--config"), found: true))
    }

    /// The one-line error `text` is refused with.
    static func refusal(_ text: String) -> String {
        var settings = fresh()
        do {
            try apply(text, to: &settings)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func aGoodFileSetsEachValueAndNamesItsLine() throws {
        var s = Self.fresh()
        try Self.apply("""
            # Hark settings
            [analysis]
            long_silence = 3.5
            slow_response = 4          # seconds
            call_languages = [
              "zh",  # Mandarin
              "EN",
            ]
            primary_language = "en"

            [score]
            base = 60

            [display]
            script = "traditional"
            theme = "light"

            [work]
            workers = 2
            engines = 2

            [audio]
            device = "pulse"

            [store]
            path = "archive/calls.sqlite"
            """, to: &s)
        #expect(s.analysis.longSilence == 3.5)
        #expect(s.analysis.slowResponse == 4)
        #expect(s.analysis.callLanguages == ["zh", "en"], "codes are kept lower-case")
        #expect(s.analysis.primaryLanguage == "en")
        #expect(s.analysis.weights.base == 60)
        #expect(s.analysis.overtalk == AnalysisSettings().overtalk)
        #expect(s.script == "traditional" && s.theme == "light")
        #expect(s.workers == 2 && s.engines == 2)
        #expect(s.audioDevice == "pulse")
        #expect(s.storePath == "/etc/hark/archive/calls.sqlite", "a relative store path is beside the settings file")

        #expect(s.source(of: "analysis.long_silence") == .file(path: Self.path, line: 3))
        #expect(s.source(of: "analysis.slow_response") == .file(path: Self.path, line: 4))
        #expect(s.source(of: "analysis.call_languages") == .file(path: Self.path, line: 5))
        #expect(s.source(of: "analysis.primary_language") == .file(path: Self.path, line: 9))
        #expect(s.source(of: "score.base") == .file(path: Self.path, line: 12))
        #expect(s.source(of: "display.theme") == .file(path: Self.path, line: 16))
        #expect(s.source(of: "store.path") == .file(path: Self.path, line: 26))
        #expect(s.source(of: "analysis.overtalk") == .builtIn)
        #expect(s.source(of: "analysis.long_silence").description == "/etc/hark/config.toml:3")
    }

    @Test func anUnknownKeyIsNamedWithItsLineAndTheKeyMeant() {
        #expect(Self.refusal("[analysis]\nslow_response = 4\n\nlong_silnce = 3\n")
                == #"/etc/hark/config.toml:4: unknown key "long_silnce" in [analysis] (did you mean "long_silence"?)"#)
        #expect(Self.refusal("[work]\ncolour = 1\n") == #"/etc/hark/config.toml:2: unknown key "colour" in [work]"#)
        #expect(Self.refusal("# x\n[analisys]\nlong_silence = 3\n")
                == "/etc/hark/config.toml:2: unknown section [analisys] (did you mean [analysis]?)")
        #expect(Self.refusal("workers = 2\n")
                == #"/etc/hark/config.toml:1: unknown key "workers" outside a section (did you mean "workers" in [work]?)"#)
        // A key that belongs to another section is unknown where it stands.
        #expect(Self.refusal("[display]\n\nworkers = 2\n") == #"/etc/hark/config.toml:3: unknown key "workers" in [display]"#)
    }

    @Test func aBadValueIsNamedWithItsLineAndKey() {
        #expect(Self.refusal("[analysis]\nlong_silence = -2\n")
                == "/etc/hark/config.toml:2: long_silence in [analysis] must be more than 0 s, not -2 s")
        #expect(Self.refusal("[work]\n\nworkers = 0\n") == "/etc/hark/config.toml:3: workers in [work] must be 1 or more, not 0")
        #expect(Self.refusal("[analysis]\ncall_languages = [\"zh\", \"english\"]\n")
                == #"/etc/hark/config.toml:2: call_languages in [analysis] must hold language codes of 2–3 letters (zh, en, yue), not "english""#)
        #expect(Self.refusal("[display]\nscript = \"cursive\"\n")
                == #"/etc/hark/config.toml:2: script in [display] must be one of simplified, traditional, recognised, not "cursive""#)
        #expect(Self.refusal("[display]\ntheme = \"neon\"\n")
                == #"/etc/hark/config.toml:2: theme in [display] names no theme: "neon" (have: default, high-contrast, light, mono)"#)
        #expect(Self.refusal("[analysis]\nphonetic_weight = 1.5\n")
                == "/etc/hark/config.toml:2: phonetic_weight in [analysis] must be 1 or less, not 1.5")
        #expect(Self.refusal("[analysis]\ncall_languages = []\n")
                == "/etc/hark/config.toml:2: call_languages in [analysis] must list at least one language")
    }

    @Test func aValueOfTheWrongTypeIsNamedWithItsLineAndKey() {
        #expect(Self.refusal("[work]\nworkers = \"four\"\n")
                == #"/etc/hark/config.toml:2: workers in [work] must be a whole number, not a string ("four")"#)
        #expect(Self.refusal("[work]\nworkers = 2.5\n") == "/etc/hark/config.toml:2: workers in [work] must be a whole number, not a number (2.5)")
        #expect(Self.refusal("[analysis]\nlong_silence = \"5\"\n")
                == #"/etc/hark/config.toml:2: long_silence in [analysis] must be a number, not a string ("5")"#)
        #expect(Self.refusal("[analysis]\ncall_languages = \"zh\"\n")
                == #"/etc/hark/config.toml:2: call_languages in [analysis] must be an array of strings, not a string ("zh")"#)
        #expect(Self.refusal("[audio]\ndevice = true\n") == "/etc/hark/config.toml:2: device in [audio] must be a string, not a boolean (true)")
        #expect(Self.refusal("analysis = 5\n").hasPrefix(#"/etc/hark/config.toml:1: unknown key "analysis" outside a section"#))
    }

    @Test func brokenTOMLNamesItsLine() {
        let refusal = Self.refusal("[analysis]\nlong_silence = 3\nslow_response = = 4\n")
        #expect(refusal.hasPrefix("/etc/hark/config.toml:3: invalid TOML"), "\(refusal)")
    }

    @Test func settingsThatContradictEachOtherAreRefusedAtTheLaterKey() {
        #expect(Self.refusal("[analysis]\nfast_chars_per_minute = 100\n")
                == "/etc/hark/config.toml:2: fast_chars_per_minute in [analysis]: fast_chars_per_minute (100) must be more than slow_chars_per_minute (150)")
        #expect(Self.refusal("[analysis]\ncall_languages = [\"en\"]\n")
                == #"/etc/hark/config.toml:2: call_languages in [analysis]: primary_language "zh" must be one of call_languages (en)"#)
    }

    @Test func aRefusedFileChangesNothingAndCountsItsOtherProblems() {
        var s = Self.fresh()
        #expect(throws: SettingsError.self) {
            try Self.apply("[analysis]\nlong_silence = 2\nslow_response = -1\n[work]\nworkers = 0\n", to: &s)
        }
        #expect(s.analysis == AnalysisSettings(), "the good key before the bad one is not applied either")
        #expect(s.source(of: "analysis.long_silence") == .builtIn)
        #expect(Self.refusal("[work]\nworkers = 0\n[analysis]\nslow_response = -1\nbogus = 1\n")
                == "/etc/hark/config.toml:2: workers in [work] must be 1 or more, not 0 (and 2 more problems in the file)",
                "the first problem by line, whatever order the table is read in")
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.toml").path
        try "[work]\nworkers = 2\n[store]\npath = \"/from/file.sqlite\"\n[analysis]\nlong_silence = 3\n"
            .write(toFile: file, atomically: true, encoding: .utf8)

        var s = try SettingsLoader.load(configFlag: file, environment: ["HOME": dir.path], context: Self.context)
        #expect(s.workers == 2 && s.source(of: "work.workers") == .file(path: file, line: 2))
        #expect(s.storePath == "/from/file.sqlite" && s.source(of: "store.path") == .file(path: file, line: 4))
        #expect(s.engines == 1 && s.source(of: "work.engines") == .builtIn)
        s.set("work.workers", \.workers, 5, from: .flag("--workers"))
        #expect(s.workers == 5 && s.source(of: "work.workers") == .flag("--workers"))

        var env = try SettingsLoader.load(configFlag: file, environment: ["HOME": dir.path, "HARK_STORE": "/from/env.sqlite"],
                                          context: Self.context)
        #expect(env.storePath == "/from/env.sqlite" && env.source(of: "store.path") == .environment("HARK_STORE"))
        env.set("store.path", \.storePath, "/from/flag.sqlite", from: .flag("--store"))
        #expect(env.storePath == "/from/flag.sqlite" && env.source(of: "store.path") == .flag("--store"))
        // A weaker source applied later does not undo a stronger one.
        env.set("store.path", \.storePath, "/later/file.sqlite", from: .file(path: file, line: 9))
        #expect(env.storePath == "/from/flag.sqlite")
        #expect(env.analysis.longSilence == 3)
    }

    @Test func theFileIsFoundByFlagVariableOrDefaultLocation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("xdg/hark"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let home = ["HOME": dir.path]

        // Nothing at the default location: defaults.
        let none = try SettingsLoader.load(configFlag: nil, environment: home, context: Self.context)
        #expect(none.file.path == dir.path + "/.config/hark/config.toml" && !none.file.found)
        #expect(none.analysis == AnalysisSettings() && none.storePath == "/data/calls.sqlite")

        let xdg = dir.appendingPathComponent("xdg/hark/config.toml").path
        try "[audio]\ndevice = \"null\"\n".write(toFile: xdg, atomically: true, encoding: .utf8)
        let found = try SettingsLoader.load(configFlag: nil, environment: home.merging(["XDG_CONFIG_HOME": dir.path + "/xdg"]) { $1 },
                                            context: Self.context)
        #expect(found.file == ConfigFile(path: xdg, source: .builtIn, found: true))
        #expect(found.audioDevice == "null" && found.source(of: "audio.device") == .file(path: xdg, line: 2))

        let byVariable = try SettingsLoader.load(configFlag: nil, environment: home.merging(["HARK_CONFIG": xdg]) { $1 }, context: Self.context)
        #expect(byVariable.file.source == .environment("HARK_CONFIG") && byVariable.audioDevice == "null")

        // A file named on purpose must exist.
        let missing = dir.path + "/nope.toml"
        #expect(throws: SettingsError(path: missing, message: "no such settings file (named by --config)")) {
            try SettingsLoader.load(configFlag: missing, environment: home, context: Self.context)
        }
        #expect(throws: SettingsError(path: missing, message: "no such settings file (named by $HARK_CONFIG)")) {
            try SettingsLoader.load(configFlag: nil, environment: home.merging(["HARK_CONFIG": missing]) { $1 }, context: Self.context)
        }
    }

    @Test func theReportPrintsEverySettingWithItsSource() throws {
        var s = Self.fresh()
        try Self.apply("[analysis]\nlong_silence = 3\n", to: &s)
        s.set("store.path", \.storePath, "/x.sqlite", from: .flag("--store"))
        let text = SettingsReport.toml(s, context: Self.context)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("long_silence = 3 ") && $0.hasSuffix("# /etc/hark/config.toml:2") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("slow_response = 6 ") && $0.hasSuffix("# default") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix(#"path = "/x.sqlite" "#) && $0.hasSuffix("# --store") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("workers = 3 ") && $0.hasSuffix("# default") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix(#"call_languages = ["zh", "en", "yue"] "#) }, "\(text)")
        #expect(lines.filter { $0.hasPrefix("[") } == ["[analysis]", "[score]", "[display]", "[work]", "[audio]", "[store]"])
        // Every key is printed once.
        #expect(SettingsReport.entries(s, context: Self.context).count == SettingKeys.all.count)

        // What it prints reads back as the same settings (the unset line is a comment).
        var again = Self.fresh()
        try Self.apply(text, to: &again)
        #expect(again.analysis == s.analysis && again.storePath == "/x.sqlite")
    }
}

/// The line finder the error messages rest on.
@Suite struct TOMLKeyLinesTests {
    @Test func findsHeadersKeysAndDottedKeys() {
        let lines = TOMLKeyLines.scan("""
            top = 1
            a.b = 2
            [ analysis ]
              long_silence=3
            "quoted key" = 4
            'lit' = 5
            [[things]]
            x = 6
            [[things]]
            x = 7
            [work.sub]
            y = 8
            """)
        #expect(lines["top"] == 1)
        #expect(lines["a.b"] == 2)
        #expect(lines["analysis"] == 3)
        #expect(lines["analysis.long_silence"] == 4)
        #expect(lines["analysis.quoted key"] == 5)
        #expect(lines["analysis.lit"] == 6)
        #expect(lines["things"] == 7 && lines["things.x"] == 8, "the first of an array of tables")
        #expect(lines["work.sub"] == 11 && lines["work.sub.y"] == 12)
    }

    @Test func textInsideStringsArraysAndCommentsIsNoKey() {
        let lines = TOMLKeyLines.scan("""
            [analysis]
            escalation_phrases = [
              "fake = 1",
              'other = 2', # a comment = 3
            ]
            note = \"\"\"
            inside = 4
            \\\"\"\" still inside = 5
            \"\"\"
            # commented = 6
            after = "a # not a comment" # real one
            last = { a = 1,
               b = 2 }
            end = 1
            """)
        #expect(lines["analysis.escalation_phrases"] == 2)
        #expect(lines["analysis.note"] == 6)
        #expect(lines["analysis.after"] == 11)
        #expect(lines["analysis.last"] == 12)
        #expect(lines["analysis.end"] == 14)
        for fake in ["fake", "other", "inside", "still inside", "commented", "b", "\"fake"] {
            #expect(lines["analysis.\(fake)"] == nil, "\(fake)")
        }
        #expect(lines.count == 6, "\(lines)")
    }
}
