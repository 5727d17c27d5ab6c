import HarkConfig
import HarkSpeech
import HarkStore

extension HarkSettings {
    /// The display script as the recogniser's option (the loader only accepts `ReadingScript` names).
    var readingScript: ReadingScript { ReadingScript(rawValue: script) ?? .simplified }

    /// What `hark work` prints (and the desk shows) when the settings file changed the analysis.
    func reanalysisLine(calls: Int) -> String {
        "re-analysing \(calls) call\(calls == 1 ? "" : "s"): the analysis settings differ from those the archive "
            + "was analysed with (\(file.found ? file.path : "defaults")); no speech recognition"
    }
}

extension CallStore {
    /// `adoptAnalysisSettings`, a store that cannot be written (full disk, read-only) said in the one line
    /// the job runner uses for it.
    func adopt(_ settings: HarkSettings) throws -> Int {
        do {
            return try adoptAnalysisSettings(settings.analysis)
        } catch {
            if let reason = unwritableReason(error) { throw CLIError(reason) }
            throw error
        }
    }
}
