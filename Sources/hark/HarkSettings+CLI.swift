import HarkConfig
import HarkSpeech

extension HarkSettings {
    /// The display script as the recogniser's option (the loader only accepts `ReadingScript` names).
    var readingScript: ReadingScript { ReadingScript(rawValue: script) ?? .simplified }

    /// What `hark work` prints (and the desk shows) when the settings file changed the analysis.
    func reanalysisLine(calls: Int) -> String {
        "re-analysing \(calls) call\(calls == 1 ? "" : "s"): the analysis settings differ from those the archive "
            + "was analysed with (\(file.found ? file.path : "defaults")); no speech recognition"
    }
}
