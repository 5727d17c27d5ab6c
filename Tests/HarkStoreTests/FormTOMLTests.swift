import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

/// The forms files as QA leads write them: the minimal form exactly as written, the shipped files, the
/// sample centre's forms against the sample calls' truth, and the refusals.
@Suite struct FormTOMLTests {
    static func file(_ name: String) throws -> FormSet {
        let path = Paths.packageRoot.appendingPathComponent("forms/\(name)").path
        return try FormTOML.decode(String(contentsOfFile: path, encoding: .utf8), source: path)
    }

    static let minimal = """
        [[form]]
        name = "wealth-sales"
        queues = ["wealth"]            # "*" = the default form
        [[form.item]]
        id = "risk"
        title = "Gives the risk notice"
        points = 20
        critical = true
        require = { category = "风险提示", role = "agent" }
        [[form.item]]
        id = "greeting"
        points = 10
        require = { category = "问候", role = "agent", first = 10 }
        [[form.item]]
        id = "no-guarantee"
        points = 10
        forbid = { terms = ["保证收益", "一定赚"], role = "agent" }
        """

    @Test func theMinimalFormReadsExactlyAsWritten() throws {
        let set = try FormTOML.decode(Self.minimal, source: "wealth.toml")
        let form = try #require(set.forms.first)
        #expect(form.name == "wealth-sales" && form.queues == ["wealth"])
        #expect(form.items.map(\.id) == ["risk", "greeting", "no-guarantee"])
        #expect(form.items[0] == FormItem(id: "risk", title: "Gives the risk notice", points: 20, critical: true, check: .require,
                                          condition: FormCondition(category: "风险提示", role: .agent)))
        #expect(form.items[1].condition == FormCondition(category: "问候", role: .agent, first: 10))
        #expect(form.items[2].check == .forbid && form.items[2].condition.terms == ["保证收益", "一定赚"])
        // It scores: the evaluator accepts it against the default dictionary.
        _ = try FormEvaluator(forms: set, dictionary: .standard)
        // Written back and read again, nothing changes.
        #expect(try FormTOML.decode(FormTOML.encode(set), source: "round trip") == set)
    }

    @Test func theShippedDefaultFormIsTheBuiltInOne() throws {
        #expect(try Self.file("default.toml") == .standard)
        _ = try FormEvaluator(forms: try Self.file("sample-centre.toml"), dictionary: .standard)
    }

    @Test func mistakesAreRefusedNamingTheFormAndItem() {
        func refusal(_ toml: String) -> String {
            do { _ = try FormTOML.decode(toml, source: "f.toml"); return "accepted" } catch { return "\(error)" }
        }
        let head = "[[form]]\nname = \"w\"\nqueues = [\"*\"]\n[[form.item]]\nid = \"g\"\npoints = 1\n"
        #expect(refusal(head + "require = { category = \"问候\", frist = 10 }")
            == "f.toml: form \"w\", item \"g\": require: unknown key \"frist\"")
        #expect(refusal(head + "requires = { category = \"问候\" }") == "f.toml: form \"w\", item \"g\": unknown key \"requires\"")
        #expect(refusal(head) == "f.toml: form \"w\", item \"g\": needs require = { … } or forbid = { … }")
        #expect(refusal(head + "require = { category = \"问候\" }\nforbid = { silence_over = 5 }")
            == "f.toml: form \"w\", item \"g\": has both require and forbid; give one")
        #expect(refusal(head + "require = { role = \"boss\", category = \"问候\" }")
            == "f.toml: form \"w\", item \"g\": require: role must be agent, customer or any")
        #expect(refusal(head + "require = { category = \"问候\", first = \"ten\" }")
            == "f.toml: form \"w\", item \"g\": require: first must be a number")
        #expect(refusal("[[form]]\nname = \"w\"\nqueues = [\"*\"]\n[[form.item]]\npoints = 1\n") == "f.toml: form \"w\": item #1 has no id")
        #expect(refusal("[form\n").hasPrefix("f.toml: invalid TOML at line 1"))
    }

    /// The goal: each sample call's queue rules (`compliance = [...]` in its script), as the sample centre's
    /// forms write them, are found on the truth text with F1 ≥ 0.95.
    @Test(.enabled(if: SampleCallTruth.available, "no sample-calls truth files"))
    func sampleCentreFormsMatchTheTruthComplianceWithF1AtLeast095() throws {
        let forms = try Self.file("sample-centre.toml") .merging(.standard)
        let evaluator = try FormEvaluator(forms: forms, dictionary: .standard)
        // Which phrase an item stands for: the category it requires.
        var category: [String: String] = [:]
        for form in forms.forms { for item in form.items where item.check == .require { category[item.id] = item.condition.category } }
        var tally = AccuracyEvaluation.Tally()
        var misses: [String] = []
        for truth in try SampleCallTruth.loadAll() {
            let utterances = truth.utterances(normalize: { $0.lowercased() })
            let analysis = Analyzer(dictionary: .standard, settings: AccuracyEvaluation.settings(for: truth), forms: evaluator)
                .analyze(utterances, duration: truth.duration,
                         context: FormContext(queue: truth.metadata.queue, direction: truth.metadata.direction?.rawValue))
            let e = AccuracyEvaluation(truth: truth, utterances: utterances, analysis: analysis, exports: [],
                                       normalize: { $0.lowercased() }, redact: { $0 },
                                       complianceCategory: { category[$0.id] })
            tally = tally + (e.kinds["compliance"] ?? .init())
            misses += (e.misses + e.extras).filter { $0.contains("compliance") }.map { "\(truth.call): \($0)" }
        }
        print("sample-centre forms vs truth compliance: P \(tally.precision) R \(tally.recall) F1 \(tally.f1)\n" + misses.joined(separator: "\n"))
        #expect(tally.truePositives >= 60)
        #expect(tally.f1 >= 0.95, "\(misses)")
    }
}
