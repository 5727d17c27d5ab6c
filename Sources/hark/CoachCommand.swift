import ArgumentParser
import Foundation
import HarkCore
import HarkStore

struct CoachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach",
        abstract: "Coaching: an agent's calls ranked by coaching value, and the coaching report.",
        subcommands: [Rank.self, Report.self])

    /// The agent's analysed calls in the period, most worth coaching first.
    static func rankedCalls(store: CallStore, agent: String, from: Date?, to: Date?) throws -> [(CallSummary, Double)] {
        let calls = try store.calls(CallQuery(agent: agent, status: .done, from: from, to: to))
        guard !calls.isEmpty else { throw CLIError("no analysed calls for agent \(agent) in \(store.path)") }
        let inputs = try calls.map { summary in
            let markers = try store.analysis(of: summary.call.id)?.markers ?? []
            let issues = CoachingValue.issues(in: markers)
            return CoachingValue.Input(callID: summary.call.id, score: summary.score, risk: summary.risk, issues: issues)
        }
        let byID = Dictionary(uniqueKeysWithValues: calls.map { ($0.call.id, $0) })
        return CoachingValue.rank(inputs).map { (byID[$0.callID]!, $0.value) }
    }

    struct Period: ParsableArguments {
        @Option(help: "Agent name.") var agent: String
        @OptionGroup var days: DayRangeOptions
        var fromDate: Date? { days.fromDate }
        var toDate: Date? { days.toDate }
    }

    struct Rank: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The agent's calls, most worth coaching first.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var period: Period

        func run() throws {
            let ranked = try CoachCommand.rankedCalls(store: try storeOptions.open(), agent: period.agent,
                                                      from: period.fromDate, to: period.toDate)
            print("   ID  VALUE  SCORE  STARTED           FLAGS")
            for (summary, value) in ranked {
                print(String(format: "%5lld  %5.0f  ", summary.call.id, value) + (summary.score.map { String(format: "%5.1f", $0) } ?? "    -")
                      + "  \(Format.column(Format.dateTime(summary.call.metadata.startedAt), 16))  "
                      + ((summary.risk ? ["RISK"] : []) + summary.markerKinds.map(\.rawValue).sorted()).joined(separator: ","))
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the coaching report (Markdown or self-contained HTML).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var period: Period
        @Option(name: .shortAndLong, help: "md or html.") var format: ReportFormat = .markdown
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "Use the N calls most worth coaching.") var calls: Int = 10
        @Option(name: .customLong("action"), help: "An agreed action (repeatable).") var actions: [String] = []
        @Flag(help: "Keep phone, ID, card numbers and e-mail addresses readable.") var noRedact = false

        func validate() throws {
            guard format == .markdown || format == .html else { throw ValidationError("--format must be md or html") }
        }

        func run() throws {
            let store = try storeOptions.open()
            let ranked = try CoachCommand.rankedCalls(store: store, agent: period.agent, from: period.fromDate, to: period.toDate)
            let items = try ranked.prefix(calls).map { summary, _ in
                CoachingReport.Item(call: summary.call, utterances: try store.utterances(of: summary.call.id),
                                    analysis: try store.analysis(of: summary.call.id), notes: try store.notes(of: summary.call.id))
            }
            let report = CoachingReport(agent: period.agent, from: period.fromDate, to: period.toDate, items: items,
                                        actions: actions, author: Author.current, redact: !noRedact)
            let text = format == .html ? report.html() : report.markdown()
            if let output { try OutputFile.write(text, to: output); print("wrote \(Format.safe(output))") } else { print(Format.safe(text, keepNewlines: true), terminator: "") }
        }
    }
}
