import ArgumentParser
import Foundation
import HarkConfig
import HarkCore
import HarkStore

/// `hark what-if`: the Dictionary editor's preview from the command line — how an edit would move the
/// archive, computed from stored transcripts, nothing saved. Also the preview's benchmark: it times loading
/// the transcripts and the preview, against the same preview on one thread as the reference.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Preview a dictionary edit over the archive (calls newly flagged/unflagged, score change) without saving.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("add"), help: "CATEGORY=TERM[@WEIGHT] to add (repeatable), e.g. 不满=太慢.")
    var additions: [String] = []
    @Option(name: .customLong("remove"), help: "CATEGORY=TERM to remove (repeatable).")
    var removals: [String] = []
    @Option(help: "Compare against this dictionary TOML file instead of applying --add/--remove.")
    var file: String?
    @Option(help: "Preview this QA forms TOML file (merged by form name into the forms in force) instead of a dictionary edit.")
    var form: String?
    @Option(help: "Affected calls to list.") var top: Int = 10
    @Option(help: "Threads for the preview (default: all cores).") var threads: Int?

    func validate() throws {
        if file == nil && additions.isEmpty && removals.isEmpty && form == nil {
            throw ValidationError("nothing to preview: give --add, --remove, --file or --form")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let settings = try storeOptions.settings()
        let store = try storeOptions.open(settings)
        if let form { return try previewForms(form, store, settings: settings) }
        // A store that never saved a dictionary is analysed with the default; previewing must not save it.
        let current = try store.dictionary() ?? .standard
        var edited = current
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read") }
            edited = try DictionaryTOML.decode(String(decoding: data, as: UTF8.self), source: file)
        }
        for spec in additions {
            let (category, term) = try Self.split(spec)
            guard let i = edited.categories.firstIndex(where: { $0.name == category }) else { throw CLIError("--add \(spec): no category \(category)") }
            var weight = 1.0
            var text = term
            if let at = term.lastIndex(of: "@") {
                guard let w = Double(term[term.index(after: at)...]), DictionaryTOML.weightRange.contains(w) else {
                    throw CLIError("--add \(spec): weight must be a number within 0...10")
                }
                weight = w
                text = String(term[..<at])
            }
            guard !edited.categories[i].terms.contains(where: { $0.text.lowercased() == text.lowercased() }) else {
                throw CLIError("--add \(spec): \(category) already has \(text)")
            }
            edited.categories[i].terms.append(KeywordTerm(text, weight: weight))
        }
        for spec in removals {
            let (category, term) = try Self.split(spec)
            guard let i = edited.categories.firstIndex(where: { $0.name == category }) else { throw CLIError("--remove \(spec): no category \(category)") }
            let before = edited.categories[i].terms.count
            edited.categories[i].terms.removeAll { $0.text.lowercased() == term.lowercased() }
            if edited.categories[i].terms.count == before { throw CLIError("--remove \(spec): \(category) has no term \(term)") }
        }

        let clock = { ProcessInfo.processInfo.systemUptime }
        var t0 = clock()
        let inputs = try store.previewInputs()
        let load = clock() - t0
        let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
        t0 = clock()
        let preview = DictionaryPreview.compute(inputs, current: current, edited: edited, settings: settings.analysis, threads: cores)
        let compute = clock() - t0
        t0 = clock()
        let reference = DictionaryPreview.compute(inputs, current: current, edited: edited, settings: settings.analysis, threads: 1)
        let single = clock() - t0
        guard reference == preview else { throw CLIError("internal: the threaded preview differs from the one-thread one") }

        let calls = Dictionary(inputs.map { ($0.call.id, $0.call) }, uniquingKeysWith: { a, _ in a })
        print("what-if over \(preview.calls) transcribed calls (dictionary v\(try store.currentDictionaryVersion()) → edited)")
        print("newly flagged: \(preview.newlyFlagged.count)" + Self.ids(preview.newlyFlagged))
        print("unflagged:     \(preview.unflagged.count)" + Self.ids(preview.unflagged))
        print(String(format: "average score: %.2f → %.2f (%+.2f)", preview.averageBefore, preview.averageAfter, preview.averageChange))
        print("calls changed: \(preview.changes.count)")
        for c in preview.top(top) {
            let who = calls[c.callID].map { "\($0.metadata.agent ?? "—") → \($0.metadata.customer ?? "—")" } ?? ""
            let flag = c.riskBefore == c.riskAfter ? "" : c.riskAfter ? "  newly flagged" : "  unflagged"
            print(String(format: "  #%-6lld %@  %5.1f → %5.1f", c.callID, Format.column(who, 24), c.before, c.after) + flag)
        }
        print(String(format: "timing: load %.3f s · preview %.3f s on %d threads · reference (same preview, 1 thread) %.3f s · ratio %.2f",
                     load, compute, cores, single, compute / max(single, 1e-9)))
    }

    /// How the archive would score against a forms file, next to the forms in force; nothing saved.
    func previewForms(_ file: String, _ store: CallStore, settings: HarkSettings) throws {
        let incoming = try FormsCommand.read(file)
        let dictionary = try store.dictionary() ?? .standard
        let (version, current) = try store.forms() ?? (0, .standard)
        let edited = current.merging(incoming)
        let evaluator: FormEvaluator
        do { evaluator = try FormEvaluator(forms: edited, version: -1, dictionary: dictionary, settings: settings.analysis) } catch {
            throw CLIError("\(file): \(error)")
        }
        let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let clock = { ProcessInfo.processInfo.systemUptime }
        var t0 = clock()
        let preview = try store.previewForms(evaluator, top: top, threads: cores)
        let compute = clock() - t0
        t0 = clock()
        let reference = try store.previewForms(evaluator, top: top, threads: 1)
        let single = clock() - t0
        guard reference.changedCount == preview.changedCount, reference.items == preview.items else {
            throw CLIError("internal: the threaded preview differs from the one-thread one")
        }
        let stored = try store.formItemTallies()
        print("what-if over \(preview.calls) analysed calls (forms v\(version) → \(Format.safe(file)))")
        for form in edited.forms where incoming.forms.contains(where: { $0.name == form.name }) {
            print("\n\(form.name)  queues: \(form.queues.joined(separator: ", "))")
            for item in form.items {
                let now = preview.items[form.name]?[item.id] ?? FormItemTally()
                let before = stored[form.name]?[item.id]
                let was = before.map { $0.applicable == 0 ? "–" : "\($0.passed)/\($0.applicable)" } ?? "new"
                let will = now.applicable == 0 ? "–" : "\(now.passed)/\(now.applicable)"
                print("  \(Format.column(item.id, 18))  pass \(Format.column(was, 11)) → \(Format.column(will, 11))  \(item.title)")
            }
        }
        print("\nfailing (a critical item failed): \(preview.failingBefore) → \(preview.failingAfter)")
        if let b = preview.meanBefore, let a = preview.meanAfter {
            print(String(format: "average form score: %.1f → %.1f (%+.1f)", b, a, a - b))
        }
        print("calls changed: \(preview.changedCount)")
        for c in preview.changes {
            let flag = c.passedBefore == c.passedAfter ? "" : c.passedAfter == false ? "  now fails" : "  now passes"
            print("  #\(c.call)  \(c.before.map { String(format: "%5.1f", $0) } ?? "    –") → \(c.after.map { String(format: "%5.1f", $0) } ?? "–")" + flag)
        }
        print(String(format: "timing: preview %.3f s on %d threads · reference (same preview, 1 thread) %.3f s · ratio %.2f",
                     compute, cores, single, compute / max(single, 1e-9)))
    }

    static func split(_ spec: String) throws -> (String, String) {
        guard let eq = spec.firstIndex(of: "=") else { throw CLIError("\(spec): expected CATEGORY=TERM") }
        let category = spec[..<eq].trimmingCharacters(in: .whitespaces), term = spec[spec.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !category.isEmpty, !term.isEmpty else { throw CLIError("\(spec): expected CATEGORY=TERM") }
        return (category, term)
    }

    static func ids(_ ids: [CallID]) -> String {
        ids.isEmpty ? "" : " (" + ids.prefix(12).map { "#\($0)" }.joined(separator: ", ") + (ids.count > 12 ? ", …" : "") + ")"
    }
}
