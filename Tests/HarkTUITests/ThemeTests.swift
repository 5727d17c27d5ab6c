import HarkCore
@testable import HarkTUI
import Testing

@Suite struct ThemeTests {
    @Test func shippedThemesLoadInCyclingOrder() throws {
        let themes = try Theme.loadAll(folder: Fixture.themesFolder)
        #expect(themes.map(\.name) == ["default", "high-contrast", "light", "mono"])
    }

    @Test func markerLookupPrefersKindPolarityThenKindThenPolarity() throws {
        let t = try Theme(toml: """
            [marker]
            negative = "196"
            silence = "244"
            keyword_negative = { fg = "160", attrs = ["bold"] }
            """, name: "t", source: "t.toml")
        #expect(t.entry(for: .marker(.keyword, .negative)) == ThemeEntry(.indexed(160), .terminalDefault, .bold))
        #expect(t.entry(for: .marker(.silence, .negative))?.foreground == .indexed(244))
        #expect(t.entry(for: .marker(.repetition, .negative))?.foreground == .indexed(196))
    }

    @Test func everyShippedThemeColoursSpeakersMarkersAndSelectionDistinctly() throws {
        for theme in try Theme.loadAll(folder: Fixture.themesFolder) where theme.name != "mono" {
            let agent = theme.resolve(Style(.speaker(.agent)), depth: .ansi256)
            let customer = theme.resolve(Style(.speaker(.customer)), depth: .ansi256)
            #expect(agent != customer, "\(theme.name): speakers look the same")
            let neg = theme.resolve(Style(.marker(.keyword, .negative)), depth: .ansi256)
            let pos = theme.resolve(Style(.marker(.keyword, .positive)), depth: .ansi256)
            #expect(neg != pos, "\(theme.name): polarities look the same")
            #expect(theme.resolve(Style(.selection), depth: .ansi256).background != -1, "\(theme.name): no selection colour")
        }
    }

    @Test func fallsBackTo16ColoursAndMonochrome() throws {
        let t = try Theme.load(path: Fixture.themesFolder + "/default.toml")
        let neg256 = t.resolve(Style(.marker(.keyword, .negative)), depth: .ansi256)
        let neg16 = t.resolve(Style(.marker(.keyword, .negative)), depth: .ansi16)
        #expect(neg256.foreground == 203)
        #expect([1, 9].contains(neg16.foreground))   // a red
        #expect(t.resolve(Style(.speaker(.agent)), depth: .ansi16).foreground < 16)
        let mono = t.resolve(Style(.selection), depth: .mono)
        #expect(mono.foreground == -1 && mono.background == -1)
        #expect(mono.attributes.contains(.reverse))
        #expect(t.resolve(Style(.marker(.keyword, .negative)), depth: .mono).attributes.contains(.underline))
    }

    @Test func badThemeFilesNameTheFileAndTheProblem() {
        #expect(throws: ThemeError.self) { try Theme(toml: "[ui]\ntext = \"mauve\"", name: "x", source: "themes/x.toml") }
        do {
            _ = try Theme(toml: "[ui]\ntext = \"mauve\"", name: "x", source: "themes/x.toml")
        } catch {
            #expect("\(error)" == "themes/x.toml: ui.text: unknown colour \"mauve\"")
        }
        do {
            _ = try Theme(toml: "[ui\ntext = 1", name: "x", source: "themes/broken.toml")
            Issue.record("parsed broken TOML")
        } catch {
            #expect("\(error)".hasPrefix("themes/broken.toml: line 1"))
        }
    }

    @Test func ansi16MappingPicksNearestColour() {
        #expect(TermColor.indexed(196).ansi16 == .indexed(9))    // bright red
        #expect(TermColor.indexed(16).ansi16 == .indexed(0))     // black
        #expect(TermColor.indexed(231).ansi16 == .indexed(15))   // white
        #expect(TermColor.indexed(4).ansi16 == .indexed(4))
    }
}
