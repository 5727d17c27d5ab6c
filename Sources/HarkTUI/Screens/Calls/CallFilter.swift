import Foundation
import HarkCore

/// The Calls screen's filter, typed as words: `agent:王 status:done score<60 score>80 flag:risk
/// flag:fcr marker:silence from:2026-11-01 to:2026-11-30`; a value with spaces is quoted (`agent:"Emily Zhou"`).
/// Days are local and both ends included. Unknown words are an error naming them.
public struct CallFilter: Sendable, Hashable {
    public var agent: String?
    public var status: CallStatus?
    public var minScore: Double?
    public var maxScore: Double?
    public var riskOnly = false
    /// Calls a critical QA form item failed.
    public var failedOnly = false
    public var resolvedOnly = false
    public var marker: MarkerKind?
    public var from: Date?
    public var to: Date?

    public init() {}

    public static let syntax = "agent:NAME|\"A NAME\" status:done score<60 score>80 flag:risk|fcr|fail marker:KIND from:YYYY-MM-DD to:YYYY-MM-DD"

    public var isEmpty: Bool { self == CallFilter() }

    /// Parses the filter words; throws a one-line reason naming the word it could not use.
    public init(parsing text: String) throws {
        self.init()
        for word in try Self.words(text) {
            if word.hasPrefix("score<"), let v = Double(word.dropFirst(6)) { maxScore = v; continue }
            if word.hasPrefix("score>"), let v = Double(word.dropFirst(6)) { minScore = v; continue }
            let parts = word.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else { throw DeskError("filter: cannot read \"\(word)\" (\(CallFilter.syntax))") }
            let (k, v) = (parts[0], parts[1])
            switch k {
            case "agent": agent = v
            case "status":
                guard let s = CallStatus(rawValue: v) else { throw DeskError("filter: unknown status \"\(v)\"") }
                status = s
            case "flag":
                switch v {
                case "risk": riskOnly = true
                case "fcr", "resolved": resolvedOnly = true
                case "fail", "failed": failedOnly = true
                default: throw DeskError("filter: unknown flag \"\(v)\" (risk, fcr, fail)")
                }
            case "marker":
                guard let m = MarkerKind(rawValue: v) else { throw DeskError("filter: unknown marker kind \"\(v)\"") }
                marker = m
            case "from", "to":
                guard let d = Format.parseDay(v) else { throw DeskError("filter: \(k) needs a date YYYY-MM-DD, got \"\(v)\"") }
                if k == "from" { from = d.start } else { to = d.end }
            default: throw DeskError("filter: unknown field \"\(k)\" (\(CallFilter.syntax))")
            }
        }
    }

    /// The filter's words: split at spaces outside double quotes, the quotes dropped.
    static func words(_ text: String) throws -> [String] {
        var words: [String] = [], word = "", quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); continue }
            if ch.isWhitespace && !quoted {
                if !word.isEmpty { words.append(word); word = "" }
            } else {
                word.append(ch)
            }
        }
        if quoted { throw DeskError("filter: a quote is not closed in \(text)") }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// A filter word for `field`, quoted when the value has spaces (a drill-down on "Emily Zhou").
    public static func word(_ field: String, _ value: String) -> String {
        value.contains(where: \.isWhitespace) ? "\(field):\"\(value)\"" : "\(field):\(value)"
    }

    public func matches(_ row: CallRow) -> Bool {
        if let agent, !(row.call.metadata.agent ?? "").localizedCaseInsensitiveContains(agent) { return false }
        if let status, row.call.status != status { return false }
        if let minScore, (row.score ?? -1) < minScore { return false }
        if let maxScore, (row.score ?? .infinity) > maxScore { return false }
        if riskOnly && !row.risk { return false }
        if resolvedOnly && !row.resolved { return false }
        if failedOnly && row.formPassed != false { return false }
        if let marker, !row.markerKinds.contains(marker) { return false }
        let when = row.call.metadata.startedAt ?? row.call.importedAt
        if let from, when < from { return false }
        if let to, when >= to { return false }
        return true
    }
}
