import ArgumentParser
import HarkStore
import HarkText

/// `--store PATH`, shared by every command that opens the call store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Call store file (default: $HARK_STORE or $XDG_DATA_HOME/hark/calls.sqlite).")
    var store: String?

    var path: String { store ?? CallStore.defaultPath() }

    /// Opens the store with the OpenCC normaliser, so queries in either Chinese script match.
    func open() throws -> CallStore {
        let normalizer = TextNormalizer()
        return try CallStore(path: path, normalize: { normalizer.normalize($0) })
    }
}
