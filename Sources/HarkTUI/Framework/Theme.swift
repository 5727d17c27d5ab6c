import Foundation
import HarkCore
import TOMLKit

/// Colours and attributes for one style role, as a theme file gives them.
public struct ThemeEntry: Hashable, Sendable {
    public var foreground: TermColor
    public var background: TermColor
    public var attributes: TextAttributes

    public init(_ foreground: TermColor = .terminalDefault, _ background: TermColor = .terminalDefault,
                _ attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A named colour theme loaded from `themes/NAME.toml`: maps every `StyleRole` to colours, with
/// fallbacks so a theme only lists what it cares about, and a monochrome rendering that keeps the
/// meaning visible with attributes (selection reversed, hits underlined, negatives bold).
///
/// File format: tables `[ui]`, `[speaker]`, `[marker]`, `[category]`, `[language]`, `[status]`; each key
/// is `role = { fg = "208", bg = "default", attrs = ["bold"] }`. Marker keys are `kind_polarity`,
/// `kind` or `polarity` (looked up in that order), e.g. `keyword_negative`, `silence`, `positive`.
public struct Theme: Sendable, Hashable {
    public var name: String
    /// "section.key" → entry.
    public var entries: [String: ThemeEntry]

    public init(name: String, entries: [String: ThemeEntry]) {
        self.name = name
        self.entries = entries
    }

    /// Parses theme TOML; errors name `source` and the problem.
    public init(toml: String, name: String, source: String) throws {
        let table: TOMLTable
        do { table = try TOMLTable(string: toml) } catch let e as TOMLParseError {
            throw ThemeError("\(source): line \(e.source.begin.line): \(e.description)")
        }
        var entries: [String: ThemeEntry] = [:]
        for (section, value) in table {
            if section == "name" { continue }
            guard let sub = value.table else { throw ThemeError("\(source): [\(section)] must be a table") }
            for (key, spec) in sub {
                entries["\(section).\(key)"] = try Theme.entry(spec, at: "\(section).\(key)", source: source)
            }
        }
        self.name = table["name"]?.string ?? name
        self.entries = entries
    }

    /// Loads `path`; the theme's name defaults to the file's base name.
    public static func load(path: String) throws -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else { throw ThemeError("\(path): cannot read file") }
        guard let text = String(data: data, encoding: .utf8) else { throw ThemeError("\(path): not UTF-8 text") }
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try Theme(toml: text, name: base, source: path)
    }

    /// Every `*.toml` theme in `folder`, in the cycling order default, high-contrast, light, mono, then others.
    public static func loadAll(folder: String) throws -> [Theme] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let order = ["default", "high-contrast", "light", "mono"]
        let themes = try files.filter { $0.hasSuffix(".toml") }.sorted().map { try load(path: "\(folder)/\($0)") }
        return themes.sorted { a, b in
            (order.firstIndex(of: a.name) ?? order.count, a.name) < (order.firstIndex(of: b.name) ?? order.count, b.name)
        }
    }

    /// The theme folder: `$HARK_THEMES`, else `themes/` next to the working directory or up from the executable.
    public static func defaultFolder() -> String? {
        if let env = ProcessInfo.processInfo.environment["HARK_THEMES"] { return env }
        var candidates = [FileManager.default.currentDirectoryPath + "/themes"]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 { candidates.append(dir.path + "/themes"); dir = dir.deletingLastPathComponent() }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/default.toml") }
    }

    /// The entry for `role`, after fallbacks; nil means "terminal default".
    public func entry(for role: StyleRole) -> ThemeEntry? {
        for key in Theme.keys(for: role) { if let e = entries[key] { return e } }
        return nil
    }

    /// What `style` looks like at `depth`: ncurses colour numbers (-1 default) and attributes.
    public func resolve(_ style: Style, depth: ColorDepth) -> ResolvedStyle {
        let e = entry(for: style.role) ?? ThemeEntry()
        var attrs = e.attributes.union(style.attributes)
        if depth == .mono { attrs.formUnion(Theme.monoAttributes(for: style.role)) }
        return ResolvedStyle(foreground: e.foreground.curses(at: depth), background: e.background.curses(at: depth),
                             attributes: attrs)
    }

    /// Lookup order of entry keys for a role, most specific first.
    static func keys(for role: StyleRole) -> [String] {
        switch role {
        case .text: return ["ui.text"]
        case .dim: return ["ui.dim", "ui.text"]
        case .title: return ["ui.title", "ui.header"]
        case .header: return ["ui.header"]
        case .border: return ["ui.border", "ui.dim"]
        case .selection: return ["ui.selection"]
        case .statusBar: return ["ui.status_bar", "ui.selection"]
        case .searchHit: return ["ui.search_hit"]
        case .playhead: return ["ui.playhead"]
        case .gap: return ["ui.gap", "ui.dim"]
        case .good: return ["ui.good", "marker.positive"]
        case .warn: return ["ui.warn"]
        case .bad: return ["ui.bad", "marker.negative"]
        case let .speaker(s): return ["speaker.\(s.rawValue)", "ui.text"]
        case let .marker(k, p):
            return ["marker.\(k.rawValue)_\(p.rawValue)", "marker.\(k.rawValue)", "marker.\(p.rawValue)"]
        case let .category(c): return ["category.\(c)", "marker.\(c)", "marker.neutral"]
        case let .language(l): return ["language.\(l)", "language.other"]
        case let .status(s): return ["status.\(s.rawValue)", "ui.text"]
        }
    }

    /// Attributes that carry a role's meaning when there is no colour at all.
    static func monoAttributes(for role: StyleRole) -> TextAttributes {
        switch role {
        case .selection, .statusBar, .playhead: return .reverse
        case .searchHit: return [.reverse, .bold]
        case .title, .header: return .bold
        case .dim, .gap, .border: return .dim
        case .bad, .status(.failed): return .bold
        case .status(.live): return [.bold, .reverse]
        case let .marker(_, p): return p == .negative ? [.bold, .underline] : p == .positive ? .underline : []
        case .category: return .underline
        case .language: return .bold
        default: return []
        }
    }

    static func entry(_ value: TOMLValueConvertible, at key: String, source: String) throws -> ThemeEntry {
        // A bare string is shorthand for a foreground colour.
        if let s = value.string {
            guard let c = TermColor(name: s) else { throw ThemeError("\(source): \(key): unknown colour \"\(s)\"") }
            return ThemeEntry(c)
        }
        guard let t = value.table else { throw ThemeError("\(source): \(key) must be a colour or a table") }
        func color(_ field: String) throws -> TermColor {
            guard let v = t[field] else { return .terminalDefault }
            if let i = v.int, (0...255).contains(i) { return .indexed(i) }
            if let s = v.string, let c = TermColor(name: s) { return c }
            throw ThemeError("\(source): \(key).\(field): not a colour name or 0-255")
        }
        var attrs: TextAttributes = []
        for a in t["attrs"]?.array ?? [] {
            switch a.string {
            case "bold": attrs.insert(.bold)
            case "reverse": attrs.insert(.reverse)
            case "underline": attrs.insert(.underline)
            case "dim": attrs.insert(.dim)
            default: throw ThemeError("\(source): \(key).attrs: unknown attribute \(a.string ?? "?")")
            }
        }
        return ThemeEntry(try color("fg"), try color("bg"), attrs)
    }

    /// A built-in theme used when no theme files are found, so the TUI always starts.
    public static let builtIn = Theme(name: "built-in", entries: [
        "ui.title": ThemeEntry(.indexed(15), .terminalDefault, .bold),
        "ui.header": ThemeEntry(.indexed(15), .indexed(238), .bold),
        "ui.dim": ThemeEntry(.indexed(245)),
        "ui.selection": ThemeEntry(.indexed(16), .indexed(117)),
        "ui.status_bar": ThemeEntry(.indexed(16), .indexed(250)),
        "ui.search_hit": ThemeEntry(.indexed(16), .indexed(226), .bold),
        "ui.playhead": ThemeEntry(.indexed(16), .indexed(226)),
        "speaker.agent": ThemeEntry(.indexed(81)), "speaker.customer": ThemeEntry(.indexed(214)),
        "marker.negative": ThemeEntry(.indexed(203)), "marker.positive": ThemeEntry(.indexed(114)),
        "marker.neutral": ThemeEntry(.indexed(180)),
    ])
}

/// A style resolved for the terminal: ncurses colour numbers (-1 default) and attributes.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: Int16
    public var background: Int16
    public var attributes: TextAttributes
}

/// A theme file that cannot be used; the message names the file and the problem.
public struct ThemeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
