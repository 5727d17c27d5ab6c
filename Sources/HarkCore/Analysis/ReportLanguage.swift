/// The language explanations and suggestions are written in: the call's own, so a supervisor reads advice
/// in the words the agent used. Dialect calls (Cantonese, Sichuanese) get Chinese.
public enum ReportLanguage: String, Codable, Sendable, Hashable {
    case chinese = "zh"
    case english = "en"

    /// Picks the Chinese or English wording.
    @inline(__always)
    func pick(_ zh: @autoclosure () -> String, _ en: @autoclosure () -> String) -> String {
        self == .chinese ? zh() : en()
    }

    func speaker(_ s: Speaker?) -> String {
        switch s {
        case .agent: return pick("坐席", "the agent")
        case .customer: return pick("客户", "the customer")
        case .mixed, nil: return pick("通话方", "a speaker")
        }
    }

    /// Display names of the default dictionary's Chinese category names for English text.
    func category(_ name: String) -> String {
        guard self == .english else { return name }
        switch name {
        case "不满": return "dissatisfaction"
        case "投诉": return "a complaint"
        case "焦急": return "impatience"
        case "困惑": return "confusion"
        case "满意": return "satisfaction"
        case "表扬": return "praise"
        case "解决问题": return "resolution"
        case "退款": return "a refund"
        case "售后": return "after-sales service"
        case "咨询": return "an enquiry"
        case "问候": return "the greeting"
        case "身份核验": return "the identity check"
        case "风险提示": return "the risk notice"
        case "结束语": return "the closing"
        default: return name
        }
    }
}

/// Seconds with one decimal ("8.0"), without Foundation's formatters.
func seconds1(_ v: Double) -> String {
    let tenths = Int((v * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}
