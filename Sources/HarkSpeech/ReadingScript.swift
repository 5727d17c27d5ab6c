import HarkText

/// The script transcripts are written in for reading; the recogniser's own text is kept beside it.
public enum ReadingScript: String, Sendable, CaseIterable {
    /// Mainland supervisors read Simplified; Whisper writes Mandarin in either script from clip to clip.
    case simplified
    case traditional
    /// As the recogniser wrote it.
    case recognised

    /// The converter for this script (nil: leave the text as it is, or OpenCC's data is missing).
    public var converter: ChineseScript? {
        switch self {
        case .simplified: return ChineseScript.traditionalToSimplified
        case .traditional: return ChineseScript.simplifiedToTraditional
        case .recognised: return nil
        }
    }
}
