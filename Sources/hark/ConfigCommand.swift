import ArgumentParser
import HarkConfig
import HarkCore

/// `hark config`: the effective settings and where each came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective settings, each with where it came from (default, FILE:LINE, $VARIABLE, --flag).",
        discussion: "Settings file: --config FILE, else $HARK_CONFIG, else $XDG_CONFIG_HOME/hark/config.toml "
            + "(~/.config/hark/config.toml). Sections [analysis], [score], [display], [work], [audio], [store]; "
            + "precedence flag > environment > file > default. An unknown key or a bad value stops every command "
            + "with one line naming the file, the line and the key.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let settings = try storeOptions.settings()
        let context = ConfigOptions.context()
        if json {
            print(try SettingsReport.json(settings, context: context))
        } else {
            // Values are quoted TOML strings already; the file path in the comments may hold anything.
            print(Format.safe(SettingsReport.toml(settings, context: context), keepNewlines: true), terminator: "")
        }
    }
}
