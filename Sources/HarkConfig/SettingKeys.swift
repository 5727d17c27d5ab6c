import Foundation
import HarkCore
import HarkStore
import TOMLKit

/// A setting's effective value, as `hark config` prints it.
public enum SettingValue: Hashable, Sendable {
    case number(Double)
    case integer(Int)
    case text(String)
    case list([String])
}

/// What checking a value needs that the settings module cannot know itself.
public struct SettingsContext: Sendable {
    /// The scripts transcripts can be written in (`ReadingScript`'s raw values).
    public var scripts: [String]
    /// The desk's theme names; nil: not checkable here (no theme folder found).
    public var themes: [String]?
    /// The store path when nothing names one.
    public var defaultStorePath: String
    /// `hark work`'s default workers (cores − 1), shown when none is set.
    public var defaultWorkers: Int

    public init(scripts: [String] = ["simplified", "traditional", "recognised"], themes: [String]? = nil,
                defaultStorePath: String, defaultWorkers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)) {
        self.scripts = scripts
        self.themes = themes
        self.defaultStorePath = defaultStorePath
        self.defaultWorkers = defaultWorkers
    }
}

/// Why a value was refused: completes "NAME in [SECTION] …".
struct ValueProblem: Error {
    var text: String
    init(_ text: String) { self.text = text }
}

/// One key of the settings file: its section and name, how it is read from TOML and checked, and how its
/// effective value is shown.
public struct SettingKey {
    public let section: String
    public let name: String
    public var id: String { "\(section).\(name)" }
    let read: (HarkSettings, SettingsContext) -> SettingValue
    /// Checks a value from the file and stores it; throws a `ValueProblem` naming what was expected.
    let write: (inout HarkSettings, TOMLValueConvertible, SettingsContext, _ file: String) throws -> Void
}

/// The settings file's sections and keys, in the order `hark config` prints them.
public enum SettingKeys {
    public static let sections = ["analysis", "score", "display", "work", "audio", "store"]

    public static func key(_ id: String) -> SettingKey? { all.first { $0.id == id } }

    public static var all: [SettingKey] {
        let a = "analysis", s = "score"
        return [
            seconds(a, "long_silence", \.analysis.longSilence),
            seconds(a, "slow_response", \.analysis.slowResponse),
            seconds(a, "overtalk", \.analysis.overtalk),
            number(a, "fast_chars_per_minute", \.analysis.fastCharsPerMinute, above: 0),
            number(a, "slow_chars_per_minute", \.analysis.slowCharsPerMinute, above: 0),
            number(a, "fast_words_per_minute", \.analysis.fastWordsPerMinute, above: 0),
            number(a, "slow_words_per_minute", \.analysis.slowWordsPerMinute, above: 0),
            seconds(a, "rate_min_duration", \.analysis.rateMinDuration, zeroAllowed: true),
            integer(a, "rate_min_units", \.analysis.rateMinUnits, min: 1),
            integer(a, "negation_window", \.analysis.negationWindow, min: 0),
            integer(a, "repetition_count", \.analysis.repetitionCount, min: 2),
            seconds(a, "repetition_window", \.analysis.repetitionWindow),
            number(a, "dialect_min_cue_weight", \.analysis.dialectMinCueWeight, above: 0),
            language(a, "primary_language", \.analysis.primaryLanguage),
            languages(a, "call_languages", \.analysis.callLanguages),
            seconds(a, "language_min_duration", \.analysis.languageMinDuration, zeroAllowed: true),
            integer(a, "language_min_units", \.analysis.languageMinUnits, min: 1),
            number(a, "anger_weight", \.analysis.angerWeight, above: 0),
            number(a, "agitated_anger_weight", \.analysis.agitatedAngerWeight, above: 0),
            number(a, "agitated_rate_ratio", \.analysis.agitatedRateRatio, above: 1),
            number(a, "agitated_semitones", \.analysis.agitatedSemitones, above: 0),
            number(a, "agitated_decibels", \.analysis.agitatedDecibels, above: 0),
            number(a, "raised_semitones", \.analysis.raisedSemitones, above: 0),
            number(a, "raised_decibels", \.analysis.raisedDecibels, above: 0),
            seconds(a, "agitation_min_duration", \.analysis.agitationMinDuration, zeroAllowed: true),
            integer(a, "risk_negative_hits", \.analysis.riskNegativeHits, min: 1),
            strings(a, "risk_categories", \.analysis.riskCategories, nonEmpty: false),
            text(a, "resolution_category", \.analysis.resolutionCategory),
            strings(a, "intent_negations", \.analysis.intentNegations, nonEmpty: false),
            strings(a, "escalation_phrases", \.analysis.escalationPhrases, nonEmpty: false),
            phonetic(a, "phonetic_matching"),
            number(a, "phonetic_weight", \.analysis.phoneticWeight, atLeast: 0, atMost: 1),

            number(s, "base", \.analysis.weights.base, atLeast: 0, atMost: 100),
            number(s, "negative_keyword", \.analysis.weights.negativeKeyword, atLeast: 0),
            number(s, "positive_keyword", \.analysis.weights.positiveKeyword, atLeast: 0),
            number(s, "negative_emotion", \.analysis.weights.negativeEmotion, atLeast: 0),
            number(s, "positive_emotion", \.analysis.weights.positiveEmotion, atLeast: 0),
            number(s, "long_silence", \.analysis.weights.longSilence, atLeast: 0),
            number(s, "slow_response", \.analysis.weights.slowResponse, atLeast: 0),
            number(s, "agent_overtalk", \.analysis.weights.agentOvertalk, atLeast: 0),
            number(s, "agent_speech_rate", \.analysis.weights.agentSpeechRate, atLeast: 0),
            number(s, "repetition_burst", \.analysis.weights.repetitionBurst, atLeast: 0),
            number(s, "agent_pii", \.analysis.weights.agentPII, atLeast: 0),
            number(s, "resolved", \.analysis.weights.resolved, atLeast: 0),
            number(s, "max_keyword_loss", \.analysis.weights.maxKeywordLoss, atLeast: 0),
            number(s, "max_keyword_gain", \.analysis.weights.maxKeywordGain, atLeast: 0),

            SettingKey(section: "display", name: "script", read: { s, _ in .text(s.script) }, write: { s, v, c, _ in
                let name = try string(v)
                guard c.scripts.contains(name) else {
                    throw ValueProblem("must be one of \(c.scripts.joined(separator: ", ")), not \(quoted(name))")
                }
                s.script = name
            }),
            SettingKey(section: "display", name: "theme", read: { s, c in .text(s.theme ?? c.themes?.first ?? "default") },
                       write: { s, v, c, _ in
                let name = try string(v)
                guard !name.isEmpty else { throw ValueProblem("must name a theme") }
                if let themes = c.themes, !themes.contains(name) {
                    throw ValueProblem("names no theme: \(quoted(name)) (have: \(themes.joined(separator: ", ")))")
                }
                s.theme = name
            }),
            SettingKey(section: "work", name: "workers", read: { s, c in .integer(s.workers ?? c.defaultWorkers) },
                       write: { s, v, _, _ in s.workers = try int(v, min: 1) }),
            integer("work", "engines", \.engines, min: 1),
            text("audio", "device", \.audioDevice),
            SettingKey(section: "store", name: "path", read: { s, _ in .text(s.storePath) }, write: { s, v, _, file in
                let path = try string(v)
                guard !path.isEmpty else { throw ValueProblem("must be a file path") }
                s.storePath = resolve(path, besides: file)
            }),
        ]
    }

    /// `~/…` is the home folder; a relative path is relative to the settings file's folder, not to wherever
    /// the command happens to run.
    static func resolve(_ path: String, besides file: String) -> String {
        if path.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            return (home as NSString).appendingPathComponent(String(path.dropFirst(2)))
        }
        if path.hasPrefix("/") { return path }
        return ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
    }

    // MARK: Key kinds

    static func number(_ section: String, _ name: String, _ path: WritableKeyPath<HarkSettings, Double>,
                       above: Double? = nil, atLeast: Double? = nil, atMost: Double? = nil, unit: String = "") -> SettingKey {
        SettingKey(section: section, name: name, read: { s, _ in .number(s[keyPath: path]) }, write: { s, v, _, _ in
            let x = try double(v)
            let shown = show(x) + unit
            if let above, !(x > above) { throw ValueProblem("must be more than \(show(above))\(unit), not \(shown)") }
            if let atLeast, !(x >= atLeast) { throw ValueProblem("must be \(show(atLeast))\(unit) or more, not \(shown)") }
            if let atMost, !(x <= atMost) { throw ValueProblem("must be \(show(atMost))\(unit) or less, not \(shown)") }
            s[keyPath: path] = x
        })
    }

    static func seconds(_ section: String, _ name: String, _ path: WritableKeyPath<HarkSettings, Double>,
                        zeroAllowed: Bool = false) -> SettingKey {
        zeroAllowed ? number(section, name, path, atLeast: 0, unit: " s") : number(section, name, path, above: 0, unit: " s")
    }

    static func integer(_ section: String, _ name: String, _ path: WritableKeyPath<HarkSettings, Int>, min: Int) -> SettingKey {
        SettingKey(section: section, name: name, read: { s, _ in .integer(s[keyPath: path]) }, write: { s, v, _, _ in
            s[keyPath: path] = try int(v, min: min)
        })
    }

    static func text(_ section: String, _ name: String, _ path: WritableKeyPath<HarkSettings, String>) -> SettingKey {
        SettingKey(section: section, name: name, read: { s, _ in .text(s[keyPath: path]) }, write: { s, v, _, _ in
            let text = try string(v).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { throw ValueProblem("must not be empty") }
            s[keyPath: path] = text
        })
    }

    static func strings(_ section: String, _ name: String, _ path: WritableKeyPath<HarkSettings, [String]>,
                        nonEmpty: Bool) -> SettingKey {
        SettingKey(section: section, name: name, read: { s, _ in .list(s[keyPath: path]) }, write: { s, v, _, _ in
            let list = try stringList(v)
            if nonEmpty && list.isEmpty { throw ValueProblem("must list at least one") }
            s[keyPath: path] = list
        })
    }

    static func language(_ section: String, _ name: String, _ path: WritableKeyPath<HarkSettings, String>) -> SettingKey {
        SettingKey(section: section, name: name, read: { s, _ in .text(s[keyPath: path]) }, write: { s, v, _, _ in
            s[keyPath: path] = try languageCode(try string(v))
        })
    }

    static func languages(_ section: String, _ name: String, _ path: WritableKeyPath<HarkSettings, [String]>) -> SettingKey {
        SettingKey(section: section, name: name, read: { s, _ in .list(s[keyPath: path]) }, write: { s, v, _, _ in
            let codes = try stringList(v).map(languageCode)
            guard !codes.isEmpty else { throw ValueProblem("must list at least one language") }
            s[keyPath: path] = codes
        })
    }

    static func phonetic(_ section: String, _ name: String) -> SettingKey {
        SettingKey(section: section, name: name, read: { s, _ in .text(s.analysis.phoneticMatching?.rawValue ?? "off") },
                   write: { s, v, _, _ in
            let text = try string(v)
            if text == "off" { s.analysis.phoneticMatching = nil; return }
            guard let closeness = Pinyin.Closeness(rawValue: text) else {
                throw ValueProblem("must be fuzzy, exact or off, not \(quoted(text))")
            }
            s.analysis.phoneticMatching = closeness
        })
    }

    // MARK: Reading TOML values

    static func typeName(_ v: TOMLValueConvertible) -> String {
        switch v.type {
        case .string: return "a string (\(quoted(v.string ?? "")))"
        case .int: return "an integer (\(v.int ?? 0))"
        case .double: return "a number (\(show(v.double ?? 0)))"
        case .bool: return "a boolean (\(v.bool == true))"
        case .array: return "an array"
        case .table: return "a table"
        default: return "a \(v.type.description)"
        }
    }

    static func double(_ v: TOMLValueConvertible) throws -> Double {
        if let d = v.double, d.isFinite { return d }
        if let i = v.int { return Double(i) }
        throw ValueProblem("must be a number, not \(typeName(v))")
    }

    static func int(_ v: TOMLValueConvertible, min: Int) throws -> Int {
        guard let i = v.int else { throw ValueProblem("must be a whole number, not \(typeName(v))") }
        guard i >= min else { throw ValueProblem("must be \(min) or more, not \(i)") }
        return i
    }

    static func string(_ v: TOMLValueConvertible) throws -> String {
        guard let s = v.string else { throw ValueProblem("must be a string, not \(typeName(v))") }
        return s
    }

    static func stringList(_ v: TOMLValueConvertible) throws -> [String] {
        guard let array = v.array else { throw ValueProblem("must be an array of strings, not \(typeName(v))") }
        return try array.enumerated().map { i, item in
            guard let s = item.string else { throw ValueProblem("item \(i + 1) must be a string, not \(typeName(item))") }
            return s
        }
    }

    /// An ISO 639 code: two or three letters (`zh`, `en`, `yue`), kept lower-case.
    static func languageCode(_ text: String) throws -> String {
        let code = text.lowercased()
        guard (2...3).contains(code.count), code.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else {
            throw ValueProblem("must hold language codes of 2–3 letters (zh, en, yue), not \(quoted(text))")
        }
        return code
    }

    /// A number as written in TOML by a person: 5 rather than 5.0.
    static func show(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    /// A TOML basic string.
    static func quoted(_ s: String) -> String { TOMLText.quoted(s) }
}
