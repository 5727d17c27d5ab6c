import Foundation
import HarkCore

/// Cell forms the screens share; times and dates come from HarkCore's `Format`.
extension Format {
    /// The gutter tag for a language or dialect: 粤 for Cantonese, EN for English, …
    public static func languageTag(_ code: String) -> String {
        switch code.lowercased() {
        case "yue", "zh-yue", "cantonese": return "粤"
        case "zh", "cmn", "zh-cn", "mandarin": return "普"
        case "sichuan", "zh-sichuan": return "川"
        case "wuu", "shanghai": return "沪"
        case "en": return "EN"
        case "ja": return "日"
        case "ko": return "韩"
        default: return String(code.uppercased().prefix(2))
        }
    }

    /// ▲ better, ▼ worse, ■ neutral.
    public static func trend(_ t: EmotionTrend?) -> Span {
        switch t {
        case .positive?: return Span("▲", Style(.marker(.emotion, .positive)))
        case .negative?: return Span("▼", Style(.marker(.emotion, .negative)))
        case .neutral?: return Span("■", Style(.dim))
        case nil: return Span("", .plain)
        }
    }

    /// The score coloured by band: < 60 bad, < 80 warn, else good.
    public static func score(_ v: Double?) -> Span {
        guard let v else { return Span("—", Style(.dim)) }
        let role: StyleRole = v < 60 ? .bad : v < 80 ? .warn : .good
        return Span(String(Int(v.rounded())), Style(role))
    }

    public static func speakerLabel(_ s: Speaker) -> String {
        switch s {
        case .agent: return "AG"
        case .customer: return "CU"
        case .mixed: return "··"
        }
    }
}
