import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

/// The two short sample calls (Mandarin c01, English c02) through `hark import` and `hark work` with the real
/// Whisper-base model, checked against their truth files: speakers on the right channels, times within 0.5 s,
/// and the scripted keywords found as markers on their turns.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Paths.modelsFolder + "/whisper-base"), "needs models (make models)"))
struct SampleCallTranscriptionTests {
    static let calls = ["c01-zh-short-balance", "c02-en-short-delivery"]

    /// Turns of one speaker closer than the VAD's minimum silence come out as one utterance: compare runs.
    struct Run { var channel: Int; var start: Double; var end: Double; var turns: [Int] }

    static func runs(_ truth: SampleCallTruth) -> [Run] {
        var runs: [Run] = []
        for (i, turn) in truth.turns.enumerated() {
            let channel = turn.speaker == "agent" ? 0 : 1
            if let last = runs.lastIndex(where: { $0.channel == channel }), turn.start - runs[last].end < 1.0,
               !truth.turns[(runs[last].turns.last! + 1)..<i].contains(where: { ($0.speaker == "agent" ? 0 : 1) != channel }) {
                runs[last].end = turn.end
                runs[last].turns.append(i)
            } else {
                runs.append(Run(channel: channel, start: turn.start, end: turn.end, turns: [i]))
            }
        }
        return runs
    }

    @Test func transcriptsMatchTheTruth() throws {
        let dir = try TemporaryDirectory()
        let folder = SampleCallTruth.folder.path
        let store = dir.path("calls.sqlite")
        let files = Self.calls.map { "\(folder)/\($0).ogg" }
        let imported = try Shell.run(Paths.harkBinary, ["import", "--store", store] + files)
        #expect(imported.status == 0, "\(imported.stdout)")
        let work = try Shell.run(Paths.harkBinary, ["work", "--store", store, "--workers", "1"], environment: ["HARK_MODELS": Paths.modelsFolder])
        #expect(work.status == 0, "\(work.stdout)\(work.stderr)")

        let calls = try CallStore(path: store)
        var keywordResults: [(found: Bool, label: String)] = []
        for (name, summary) in zip(Self.calls, try calls.calls(CallQuery(sort: .startedAt, descending: false))) {
            let truth = try SampleCallTruth.load(name)
            let utterances = try calls.utterances(of: summary.call.id)
            #expect(summary.call.status == .done, "\(name)")
            for run in Self.runs(truth) {
                let speaker: Speaker = run.channel == 0 ? .agent : .customer
                // The VAD may split a turn at a pause inside it: compare the span of what covers the run.
                let covering = utterances.filter { $0.channel == run.channel && $0.start < run.end && $0.end > run.start }
                guard let first = covering.first, let last = covering.last else {
                    Issue.record("\(name): no utterance on channel \(run.channel) for turns \(run.turns)")
                    continue
                }
                #expect(covering.allSatisfy { $0.speaker == speaker })
                #expect(abs(first.start - run.start) <= 0.5, "\(name) turns \(run.turns): start \(first.start) vs \(run.start)")
                #expect(abs(last.end - run.end) <= 0.5, "\(name) turns \(run.turns): end \(last.end) vs \(run.end)")
            }
            // No phantom speech: every utterance lies on a truth turn of its own channel.
            for u in utterances {
                let onTurn = truth.turns.contains { ($0.speaker == "agent" ? 0 : 1) == u.channel && $0.start < u.end && $0.end > u.start }
                #expect(onTurn, "\(name): utterance at \(u.start) on channel \(u.channel) matches no turn: \(u.text)")
            }
            // What a supervisor sees of a keyword is its marker on the turn. Whisper-base mishears some words
            // (明白了 → 鸟白了), so recall is measured over both calls and the misses are shown.
            let markers = try calls.analysis(of: summary.call.id)?.markers ?? []
            for keyword in truth.expectedMarkers where keyword.kind == "keyword" {
                guard let turn = keyword.turn, let category = keyword.category else { continue }
                let t = truth.turns[turn]
                let found = markers.contains { $0.kind == .keyword && $0.category == category && !$0.negated
                    && $0.start < t.end + 0.5 && $0.end > t.start - 0.5 }
                keywordResults.append((found, "\(name) turn \(turn) \(category) (\(keyword.text ?? ""))"))
            }
        }
        let recall = Double(keywordResults.filter(\.found).count) / Double(max(1, keywordResults.count))
        print("sample-call keyword recall \(String(format: "%.2f", recall)); missed: "
              + keywordResults.filter { !$0.found }.map(\.label).joined(separator: "; "))
        #expect(keywordResults.count >= 9)
        #expect(recall >= 0.75, "keyword markers found on \(Int(recall * 100))% of scripted keywords")
    }
}
