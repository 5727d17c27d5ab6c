import ArgumentParser
import HarkConfig
import HarkStore
import HarkText

/// `--store PATH` (and `--config FILE`), shared by every command that opens the call store.
struct StoreOptions: ParsableArguments {
    @OptionGroup var configOptions: ConfigOptions
    @Option(name: .long, help: "Call store file (default: $HARK_STORE, [store] path in the settings file, or $XDG_DATA_HOME/hark/calls.sqlite).")
    var store: String?

    /// The effective settings, `--store` applied.
    func settings() throws -> HarkSettings {
        var settings = try configOptions.load()
        if let store { settings.set("store.path", \.storePath, store, from: .flag("--store")) }
        return settings
    }

    /// Opens the store named by the settings (`settings()` when not given) with the OpenCC normaliser, so
    /// queries in either Chinese script match.
    func open(_ settings: HarkSettings? = nil) throws -> CallStore {
        let path = try (settings ?? self.settings()).storePath
        let normalizer = TextNormalizer()
        return try CallStore(path: path, normalize: { normalizer.normalize($0) })
    }
}

