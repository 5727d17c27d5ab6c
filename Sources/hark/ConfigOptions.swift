import ArgumentParser
import Foundation
import HarkConfig
import HarkSpeech
import HarkStore
import HarkTUI

/// `--config FILE`, on every command (inside `StoreOptions`, and on `models`). Parsing checks the file, so a
/// command given a settings file with any problem refuses to start (one line naming the file, line and key)
/// before it opens or writes anything.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Settings file (default: $HARK_CONFIG, else $XDG_CONFIG_HOME/hark/config.toml).",
                                            valueName: "file"))
    var config: String?

    func validate() throws { _ = try load() }

    /// Defaults, the settings file, then the environment; the command applies its flags (`HarkSettings.set`).
    func load() throws -> HarkSettings {
        do {
            return try SettingsLoader.load(configFlag: config, context: Self.context())
        } catch let error as SettingsError {
            throw CLIError(error.description)
        }
    }

    /// What the settings are checked against here: the scripts `ReadingScript` knows and the desk's themes.
    static func context(environment: [String: String] = ProcessInfo.processInfo.environment) -> SettingsContext {
        var withoutStore = environment
        withoutStore["HARK_STORE"] = nil
        return SettingsContext(scripts: ReadingScript.allCases.map(\.rawValue), themes: themeNames(),
                               defaultStorePath: CallStore.defaultPath(environment: withoutStore))
    }

    /// The themes the desk would offer (a file that does not load is named by its file name, and refused by
    /// the desk itself); nil when no theme folder is found, so a theme cannot be checked.
    static func themeNames() -> [String]? {
        guard let folder = Theme.defaultFolder(),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        let names = files.filter { $0.hasSuffix(".toml") }.sorted().map { file in
            (try? Theme.load(path: "\(folder)/\(file)"))?.name ?? String(file.dropLast(5))
        }
        let order = ["default", "high-contrast", "light", "mono"]
        return names.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
    }
}
