import Foundation
import HarkCore

/// `hark config`: every effective setting with where it came from.
public enum SettingsReport {
    /// One effective setting.
    public struct Entry: Sendable, Hashable {
        public var section: String
        public var name: String
        public var value: SettingValue
        public var source: SettingSource
    }

    public static func entries(_ settings: HarkSettings, context: SettingsContext) -> [Entry] {
        SettingKeys.all.map { key in
            Entry(section: key.section, name: key.name, value: key.read(settings, context), source: settings.source(of: key.id))
        }
    }

    /// TOML-ish text, readable as a settings file: `key = value   # source`, by section.
    public static func toml(_ settings: HarkSettings, context: SettingsContext) -> String {
        let file = settings.file
        let how = file.source == .builtIn ? "default location" : "named by \(file.source)"
        var out = "# Hark settings (precedence: flag > environment > file > default)\n"
        out += "# settings file: \(file.path) (\(how)\(file.found ? "" : "; not found, so defaults"))\n"
        var section = ""
        for entry in entries(settings, context: context) {
            if entry.section != section {
                section = entry.section
                out += "\n[\(section)]\n"
            }
            let assignment = "\(entry.name) = \(toml(entry.value))"
            let pad = String(repeating: " ", count: max(1, 36 - assignment.count))
            out += assignment + pad + "# \(entry.source)\n"
        }
        return out
    }

    /// JSON: the settings file and every setting with its value and source.
    public static func json(_ settings: HarkSettings, context: SettingsContext) throws -> String {
        struct File: Encodable { var path: String; var found: Bool; var source: String }
        struct Item: Encodable {
            var key: String; var value: JSONValue; var source: String; var from: String
            var file: String?; var line: Int?
        }
        struct Out: Encodable { var config: File; var settings: [Item] }
        let items = entries(settings, context: context).map { e -> Item in
            var item = Item(key: "\(e.section).\(e.name)", value: JSONValue(e.value), source: e.source.description, from: e.source.kind)
            if case let .file(path, line) = e.source { item.file = path; item.line = line }
            return item
        }
        let out = Out(config: File(path: settings.file.path, found: settings.file.found, source: settings.file.source.description),
                      settings: items)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(out), as: UTF8.self)
    }

    static func toml(_ value: SettingValue) -> String {
        switch value {
        case let .number(x): return SettingKeys.show(x)
        case let .integer(i): return String(i)
        case let .text(s): return SettingKeys.quoted(s)
        case let .list(items): return "[" + items.map(SettingKeys.quoted).joined(separator: ", ") + "]"
        }
    }

    struct JSONValue: Encodable {
        var value: SettingValue
        init(_ value: SettingValue) { self.value = value }
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch value {
            case let .number(x): try c.encode(x)
            case let .integer(i): try c.encode(i)
            case let .text(s): try c.encode(s)
            case let .list(items): try c.encode(items)
            }
        }
    }
}
