import Foundation
import HarkCore
import HarkStore
import TOMLKit

/// Why a settings file was refused: one line naming the file, the line and the key.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var line: Int?
    public var message: String
    /// How many other problems the file has (each would get its own line once this one is fixed).
    public var more = 0

    public init(path: String, line: Int? = nil, message: String, more: Int = 0) {
        self.path = path; self.line = line; self.message = message; self.more = more
    }

    public var description: String {
        (line.map { "\(path):\($0): " } ?? "\(path): ") + message
            + (more > 0 ? " (and \(more) more problem\(more == 1 ? "" : "s") in the file)" : "")
    }
}

/// Reads the settings: defaults, then the settings file, then the environment. Flags are applied by the
/// command afterwards (`HarkSettings.set`), and win. A file with any problem is refused whole.
public enum SettingsLoader {
    /// Where the settings file is looked for: `$HARK_CONFIG`, else `$XDG_CONFIG_HOME/hark/config.toml`, else
    /// `~/.config/hark/config.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        // The XDG base directory spec: a relative $XDG_CONFIG_HOME is invalid and ignored.
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (home as NSString).appendingPathComponent(".config")
        return (configHome as NSString).appendingPathComponent("hark/config.toml")
    }

    /// The settings for a command: `configFlag` is `--config` (nil: `$HARK_CONFIG` or the default location).
    /// A file named by the flag or the variable must exist; a missing default file means defaults.
    public static func load(configFlag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            context: SettingsContext? = nil) throws -> HarkSettings {
        var withoutStore = environment
        withoutStore["HARK_STORE"] = nil
        let context = context ?? SettingsContext(defaultStorePath: CallStore.defaultPath(environment: withoutStore))
        let file: ConfigFile
        if let configFlag {
            file = ConfigFile(path: configFlag, source: .flag("--config"), found: true)
        } else if let env = environment["HARK_CONFIG"], !env.isEmpty {
            file = ConfigFile(path: env, source: .environment("HARK_CONFIG"), found: true)
        } else {
            file = ConfigFile(path: defaultPath(environment: environment), source: .builtIn, found: true)
        }
        var settings = HarkSettings(storePath: context.defaultStorePath, file: file)
        if let text = try read(file) {
            try apply(text, path: file.path, to: &settings, context: context)
        } else {
            settings.file.found = false
        }
        if let store = environment["HARK_STORE"], !store.isEmpty {
            settings.set("store.path", \.storePath, store, from: .environment("HARK_STORE"))
        }
        return settings
    }

    /// The file's text; nil when the default location holds none.
    static func read(_ file: ConfigFile) throws -> String? {
        var info = stat()
        guard stat(file.path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            if errno == ENOENT && file.source == .builtIn { return nil }
            let named = file.source == .builtIn ? "" : " (named by \(file.source))"
            throw SettingsError(path: file.path, message: errno == ENOENT ? "no such settings file\(named)" : "cannot read: \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw SettingsError(path: file.path, message: "not a regular file") }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw SettingsError(path: file.path, message: "cannot read: \(String(cString: strerror(EACCES)))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw SettingsError(path: file.path, message: "not UTF-8 text") }
        return text
    }

    /// Applies the settings file's text (`path` names it in sources and errors) over `settings`. Nothing is
    /// changed unless every key is known and every value good.
    public static func apply(_ text: String, path: String, to settings: inout HarkSettings, context: SettingsContext) throws {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SettingsError(path: path, line: error.source.begin.line, message: "invalid TOML: \(error.description)")
        } catch {
            throw SettingsError(path: path, message: "invalid TOML: \(error)")
        }
        let lines = TOMLKeyLines.scan(text)
        let keys = SettingKeys.all
        var problems: [SettingsError] = []
        var result = settings
        func line(_ ids: String...) -> Int? { ids.lazy.compactMap { lines[$0] }.first }

        for sectionName in root.keys {
            guard let section = root[sectionName]?.table else {
                let at = line(sectionName)
                if let match = keys.first(where: { $0.name == sectionName }) {
                    problems.append(SettingsError(path: path, line: at, message:
                        "unknown key \"\(sectionName)\" outside a section (did you mean \"\(match.name)\" in [\(match.section)]?)"))
                } else {
                    problems.append(SettingsError(path: path, line: at, message: "unknown key \"\(sectionName)\" outside a section "
                        + "(settings go in [\(SettingKeys.sections.joined(separator: "], ["))])"))
                }
                continue
            }
            guard SettingKeys.sections.contains(sectionName) else {
                let hint = nearest(sectionName, in: SettingKeys.sections).map { " (did you mean [\($0)]?)" }
                    ?? " (known: \(SettingKeys.sections.joined(separator: ", ")))"
                problems.append(SettingsError(path: path, line: line(sectionName), message: "unknown section [\(sectionName)]" + hint))
                continue
            }
            let known = keys.filter { $0.section == sectionName }
            for name in section.keys {
                let id = "\(sectionName).\(name)"
                let at = line(id, sectionName)
                guard let key = known.first(where: { $0.name == name }), let value = section[name] else {
                    let hint = nearest(name, in: known.map(\.name)).map { " (did you mean \"\($0)\"?)" } ?? ""
                    problems.append(SettingsError(path: path, line: at, message: "unknown key \"\(name)\" in [\(sectionName)]" + hint))
                    continue
                }
                do {
                    try key.write(&result, value, context, path)
                    result.record(id, from: .file(path: path, line: at ?? 1))
                } catch let problem as ValueProblem {
                    problems.append(SettingsError(path: path, line: at, message: "\(name) in [\(sectionName)] \(problem.text)"))
                }
            }
        }
        if problems.isEmpty { problems = crossChecks(result, path: path) }
        if var first = problems.min(by: { ($0.line ?? 0) < ($1.line ?? 0) }) {
            first.more = problems.count - 1
            throw first
        }
        settings = result
    }

    /// Checks between keys, once each is good on its own.
    static func crossChecks(_ s: HarkSettings, path: String) -> [SettingsError] {
        var problems: [SettingsError] = []
        func blame(_ a: String, _ b: String) -> (name: String, line: Int?) {
            // The one the file set last is the one to look at; a default is never to blame.
            func line(_ id: String) -> Int? { if case let .file(_, l) = s.source(of: id) { return l } else { return nil } }
            let (la, lb) = (line(a), line(b))
            let id = (lb ?? 0) > (la ?? 0) ? b : a
            return (String(id.split(separator: ".").last!), line(id))
        }
        let a = s.analysis
        for (fast, slow, unit) in [(a.fastCharsPerMinute, a.slowCharsPerMinute, "chars"), (a.fastWordsPerMinute, a.slowWordsPerMinute, "words")]
            where !(fast > slow) {
            let at = blame("analysis.fast_\(unit)_per_minute", "analysis.slow_\(unit)_per_minute")
            problems.append(SettingsError(path: path, line: at.line, message: "\(at.name) in [analysis]: fast_\(unit)_per_minute "
                + "(\(SettingKeys.show(fast))) must be more than slow_\(unit)_per_minute (\(SettingKeys.show(slow)))"))
        }
        if !a.callLanguages.contains(a.primaryLanguage) {
            let at = blame("analysis.primary_language", "analysis.call_languages")
            problems.append(SettingsError(path: path, line: at.line, message: "\(at.name) in [analysis]: primary_language "
                + "\"\(a.primaryLanguage)\" must be one of call_languages (\(a.callLanguages.joined(separator: ", ")))"))
        }
        return problems
    }

    /// The known name closest to a misspelt one, if it is close enough to be what was meant.
    static func nearest(_ name: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(name.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(1, min(3, best.count / 3)) else { return nil }
        return best
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
