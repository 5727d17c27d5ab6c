import Foundation
import HarkCore

/// Analysis as the CLI, the workers and the desk run it: the store's current dictionary and QA forms (the
/// built-in defaults are saved as version 1 on first use), with the analyser rebuilt only when a newer version
/// of either has been saved. Shared by worker threads.
public final class AnalysisService: @unchecked Sendable {
    private let store: CallStore
    private let settings: AnalysisSettings
    // Guards `cached`: worker threads share one service.
    private let lock = NSLock()
    private var cached: (version: Int, forms: Int, analyzer: Analyzer)?

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

    /// The store's forms, seeding the default ones into a store that has none.
    public static func forms(in store: CallStore) throws -> (version: Int, set: FormSet) {
        if let existing = try store.forms() { return existing }
        let dictionary = try dictionary(in: store)
        let version = try store.saveForms(.standard, dictionary: dictionary, author: "hark", summary: "default form")
        return (version, .standard)
    }

    /// The analyser for the store's current dictionary and forms.
    public func analyzer() throws -> Analyzer {
        let version = try store.currentDictionaryVersion()
        let formsVersion = try store.currentFormsVersion()
        lock.lock()
        defer { lock.unlock() }
        if let cached, cached.version == version, cached.forms == formsVersion, version > 0, formsVersion > 0 {
            return cached.analyzer
        }
        let dictionary = try Self.dictionary(in: store)
        let forms = try Self.forms(in: store)
        let analyzer = Analyzer(dictionary: dictionary, settings: settings,
                                forms: try FormEvaluator(forms: forms.set, version: forms.version, dictionary: dictionary,
                                                         settings: settings, strict: false))
        cached = (try store.currentDictionaryVersion(), forms.version, analyzer)
        return analyzer
    }

    /// Re-scores every call whose form result is older than the forms in force (after a form edit, or an
    /// interrupted re-score). Returns how many calls it re-scored.
    @discardableResult
    public func refreshForms(progress: ((Int) throws -> Void)? = nil) throws -> Int {
        // Nothing saved or nothing stale: no analyser is built, so a store without a dictionary is not given the
        // default one here (saving it would queue a re-score of the whole archive).
        guard let (version, set) = try store.forms(), try store.staleFormResults(version: version) > 0 else { return 0 }
        let evaluator = try FormEvaluator(forms: set, version: version, dictionary: try store.dictionary() ?? .standard,
                                          settings: settings, strict: false)
        return try store.refreshFormResults(evaluator, progress: progress)
    }


    /// A freshly transcribed call's utterances with the roles of a diarized mono call given (agent, customer),
    /// and how sure that is; other calls' come back unchanged.
    public func assignRoles(_ call: Call, _ utterances: [Utterance]) -> (utterances: [Utterance], roles: InferredRoles?) {
        guard let analyzer = try? analyzer() else { return (utterances, nil) }
        return RoleInference.assign(utterances, direction: call.metadata.direction?.rawValue,
                                    analyzer: analyzer)
    }

    /// Markers, score and suggestions for a call's utterances; nil only if the dictionary can't be read.
    public func analyze(_ call: Call, _ utterances: [Utterance]) -> CallAnalysis? {
        guard let analyzer = try? analyzer() else { return nil }
        return analyzer.analyze(utterances, duration: call.duration,
                                context: FormContext(queue: call.metadata.queue, direction: call.metadata.direction?.rawValue))
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
