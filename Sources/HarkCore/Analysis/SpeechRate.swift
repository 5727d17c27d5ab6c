/// A turn's pace: characters per minute when it is mostly Chinese, words per minute otherwise, judged only on
/// turns long enough to say anything (a two-word reply says nothing about pace). One rule for the speech-rate
/// markers and the forms' `rate_over` / `rate_under`.
enum SpeechRate {
    static func perMinute(han: Int, words: Int, duration: Double, settings: AnalysisSettings) -> (rate: Double, chinese: Bool)? {
        let chinese = han >= words
        let units = chinese ? han : words
        guard duration >= settings.rateMinDuration, units >= settings.rateMinUnits, duration > 0 else { return nil }
        return (Double(units) / (duration / 60), chinese)
    }
}
