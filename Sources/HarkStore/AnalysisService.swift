import Foundation
import HarkCore

/// Analysis as the CLI, the workers and the desk run it: the store's current dictionary (the built-in
/// default is saved as version 1 on first use), with the analyser rebuilt only when a newer version has
/// been saved. Shared by worker threads.
public final class AnalysisService: @unchecked Sendable {
    private let store: CallStore
    private let settings: AnalysisSettings
    // Guards `cached`: worker threads share one service.
    private let lock = NSLock()
    private var cached: (version: Int, analyzer: Analyzer)?

    public init(store: CallStore, settings: AnalysisSettings = AnalysisSettings()) {
        self.store = store
        self.settings = settings
    }

    /// The store's dictionary, seeding the default one into an empty store.
    public static func dictionary(in store: CallStore) throws -> KeywordDictionary {
        if let existing = try store.dictionary() { return existing }
        try store.saveDictionary(.standard, author: "hark", summary: "default dictionary")
        return .standard
    }

    /// The analyser for the store's current dictionary version.
    public func analyzer() throws -> Analyzer {
        let version = try store.currentDictionaryVersion()
        lock.lock()
        defer { lock.unlock() }
        if let cached, cached.version == version, version > 0 { return cached.analyzer }
        let dictionary = try Self.dictionary(in: store)
        let analyzer = Analyzer(dictionary: dictionary, settings: settings)
        cached = (try store.currentDictionaryVersion(), analyzer)
        return analyzer
    }

    /// Markers, score and suggestions for a call's utterances; nil only if the dictionary can't be read.
    public func analyze(_ call: Call, _ utterances: [Utterance]) -> CallAnalysis? {
        guard let analyzer = try? analyzer() else { return nil }
        return analyzer.analyze(utterances, duration: call.duration)
    }
}

/// Who is acting, for notes and dictionary versions: `$HARK_AUTHOR`, else `$USER`.
public enum Author {
    /// The acting supervisor's name ("supervisor" when the environment names nobody).
    public static var current: String {
        let env = ProcessInfo.processInfo.environment
        return [env["HARK_AUTHOR"], env["USER"], env["LOGNAME"]].compactMap { $0 }.first { !$0.isEmpty } ?? "supervisor"
    }
}
