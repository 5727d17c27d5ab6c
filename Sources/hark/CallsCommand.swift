import ArgumentParser
import Foundation
import HarkCore
import HarkStore

struct CallsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calls", abstract: "List calls with filters and sorting.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only this agent's calls.") var agent: String?
    @Option(help: "Only calls in this status (queued, transcribing, done, failed).") var status: CallStatus?
    @OptionGroup var days: DayRangeOptions
    @Option(help: "Minimum score.") var minScore: Double?
    @Option(help: "Maximum score.") var maxScore: Double?
    @Option(help: "Only calls with a marker of this kind (keyword, silence, slow_response, pii, ...).") var flag: MarkerKind?
    @Flag(help: "Only calls flagged as a risk.") var risk = false
    @Option(help: "Sort by time, agent, duration, score or status.") var sort: CallSort = .startedAt
    @Flag(help: "Ascending order (default: descending).") var ascending = false
    @Option(help: "At most this many calls.") var limit: Int = 100
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try storeOptions.open()
        let query = CallQuery(agent: agent, status: status, from: days.fromDate, to: days.toDate,
                              minScore: minScore, maxScore: maxScore, riskOnly: risk, hasMarker: flag, sort: sort,
                              descending: !ascending, limit: limit)
        let rows = try store.calls(query)
        if json {
            print(try JSONOutput.string(rows.map(CallRow.init)))
            return
        }
        print("   ID  \(Format.column("STARTED", 16))  \(Format.column("AGENT", 10))  \(Format.column("CUSTOMER", 10))  DUR    STATUS        SCORE    EXP  FLAGS")
        for row in rows {
            let c = row.call
            let status = row.jobProgress.map { "\(c.status.rawValue) \(Int($0 * 100))%" } ?? c.status.rawValue
            // A failed critical form item is marked beside the score: the call fails whatever its points.
            let score = row.score.map { String(format: "%5.1f", $0) + (row.formPassed == false ? "✗" : " ") } ?? "    - "
            let experience = row.experience.map { String(format: "%5.1f", $0) } ?? "    -"
            let flags = (row.risk ? ["RISK"] : []) + row.markerKinds.map(\.rawValue).sorted()
            print(String(format: "%5lld", c.id) + "  \(Format.column(Format.dateTime(c.metadata.startedAt), 16))  "
                  + "\(Format.column(c.metadata.agent ?? "-", 10))  \(Format.column(c.metadata.customer ?? "-", 10))  "
                  + "\(Format.column(Format.duration(c.duration), 5))  \(Format.column(status, 12))  \(score) \(experience)  "
                  + flags.joined(separator: ","))
        }
        let total = try store.callCount(query)
        if total > rows.count { print("(\(rows.count) of \(total) calls; --limit to see more)") }
    }
}

/// The JSON shape of one call in `hark calls --json`.
struct CallRow: Encodable {
    var id: CallID, path: String, agent: String?, customer: String?, queue: String?, startedAt: Date?
    var direction: String?, duration: Double, channels: Int, sampleRate: Int, status: String, error: String?
    var score: Double?, experience: Double?, formPassed: Bool?
    var trend: String?, risk: Bool, resolved: Bool, languages: [String], flags: [String]

    init(_ s: CallSummary) {
        let c = s.call
        id = c.id; path = c.path; agent = c.metadata.agent; customer = c.metadata.customer; queue = c.metadata.queue
        startedAt = c.metadata.startedAt; direction = c.metadata.direction?.rawValue; duration = c.duration
        channels = c.channels; sampleRate = c.sampleRate; status = c.status.rawValue; error = c.error
        score = s.score; experience = s.experience; formPassed = s.formPassed; trend = s.trend?.rawValue; risk = s.risk; resolved = s.resolved; languages = s.languages
        flags = s.markerKinds.map(\.rawValue).sorted()
    }
}

enum JSONOutput {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension CallStatus: ExpressibleByArgument {}
extension MarkerKind: ExpressibleByArgument {}
extension CallSort: ExpressibleByArgument {}
