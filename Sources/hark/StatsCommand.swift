import ArgumentParser
import Foundation
import HarkCore
import HarkStore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Calls, minutes, average score, negative rate, resolution rate and top issues per group.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Group by agent, hour, queue or day.") var by: StatsGrouping = .agent
    @OptionGroup var days: DayRangeOptions
    @Flag(help: "Print CSV.") var csv = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if csv && json { throw ValidationError("choose one of --csv and --json") }
    }

    func run() throws {
        let rows = try storeOptions.open().stats(by: by, from: days.fromDate, to: days.toDate)
        if json {
            struct Out: Encodable {
                var group: String, calls: Int, minutes: Double, averageScore: Double?, negativeRate: Double
                var resolutionRate: Double, riskCalls: Int, topIssues: [String: Int]
            }
            print(try JSONOutput.string(rows.map {
                Out(group: $0.group, calls: $0.calls, minutes: $0.minutes, averageScore: $0.averageScore,
                    negativeRate: $0.negativeRate, resolutionRate: $0.resolutionRate, riskCalls: $0.riskCalls,
                    topIssues: Dictionary($0.topIssues.map { ($0.category, $0.count) }, uniquingKeysWith: +))
            }))
        } else if csv {
            print("\(by.rawValue),calls,minutes,average_score,negative_rate,fcr_rate,risk_calls,top_issues")
            for r in rows {
                let issues = r.topIssues.map { "\($0.category) \($0.count)" }.joined(separator: "; ")
                print([Self.csvField(r.group), "\(r.calls)", String(format: "%.1f", r.minutes),
                       r.averageScore.map { String(format: "%.1f", $0) } ?? "", String(format: "%.3f", r.negativeRate),
                       String(format: "%.3f", r.resolutionRate), "\(r.riskCalls)", Self.csvField(issues)].joined(separator: ","))
            }
        } else {
            print("\(Format.column(by.rawValue.uppercased(), 12))  CALLS  MINUTES  SCORE  NEG%   FCR%   RISK  TOP ISSUES")
            for r in rows {
                let score = r.averageScore.map { String(format: "%5.1f", $0) } ?? "    -"
                print("\(Format.column(r.group, 12))  " + String(format: "%5d  %7.1f  ", r.calls, r.minutes) + score
                      + String(format: "  %4.0f%%  %4.0f%%  %4d  ", r.negativeRate * 100, r.resolutionRate * 100, r.riskCalls)
                      + r.topIssues.map { "\($0.category)×\($0.count)" }.joined(separator: " "))
            }
        }
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

extension StatsGrouping: ExpressibleByArgument {}
