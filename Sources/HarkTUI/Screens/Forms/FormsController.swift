import Foundation
import HarkCore
import HarkStore

extension ScreenID { public static let forms = ScreenID("forms") }

/// The Forms screen: each queue's QA form, how many calls pass each item, and a draft edited item by item with
/// its what-if over the archive before it is saved (a save re-scores every call at once, from stored facts).
final class FormsController: ScreenController {
    let id = ScreenID.forms
    let title = "Forms"
    private(set) var model = FormsModel()
    private let context: DeskContext
    private var data: FormsDataSource? { context.data as? FormsDataSource }

    private struct Loaded: Sendable {
        var version: Int
        var set: FormSet
        var tallies: [String: [String: FormItemTally]]
        var problem: String?
    }
    private struct Previewed: Sendable {
        var draft: FormSet
        var preview: FormPreview?
        var problem: String?
    }
    private struct Saved: Sendable {
        var message: String
    }
    /// Tallying the archive's results, the what-if and a save each take longer than a frame on a large archive.
    private let loader = LatestResult<Loaded>(name: "hark-forms-load")
    private let previewer = LatestResult<Previewed>(name: "hark-forms-preview")
    private let saver = LatestResult<Saved>(name: "hark-forms-save")
    private var stale = true

    init(_ context: DeskContext) { self.context = context }

    var bindings: [Binding] {
        [
            Binding(.character("a"), help: "add an item to the form (id = \"…\", points = 10, require = { … })", hint: "add item") {
                [unowned self] in self.itemPrompt(editing: nil)
            },
            Binding(.character("e"), .enter, help: "edit the selected item", hint: "edit") { [unowned self] in
                if self.model.pane == .forms { self.model.pane = .items; return .none }
                return self.itemPrompt(editing: self.model.selectedItem)
            },
            Binding(.character("d"), .delete, help: "delete the selected item", hint: "delete") { [unowned self] in self.delete() },
            Binding(.character("A"), help: "add a form for queues (NAME QUEUE[,QUEUE…]; starts from the default form's items)",
                    hint: "form") { [unowned self] in self.formPrompt() },
            Binding(.character("w"), help: "save the draft as a new version (re-scores the archive)", hint: "save") {
                [unowned self] in self.save()
            },
            Binding(.character("u"), help: "discard the draft, else restore the previous version", hint: "undo") {
                [unowned self] in self.undo()
            },
        ]
    }

    func move(_ movement: Movement) -> Effect {
        switch movement {
        case .left: model.pane = .forms
        case .right: model.pane = .items
        default:
            if model.pane == .forms {
                model.forms.move(movement)
                model.items.setCount(model.selectedForm?.items.count ?? 0)
                model.items.select(0)
            } else {
                model.items.move(movement)
            }
        }
        return .none
    }

    func layout(_ rect: Rect) { FormsView.layout(&model, rect: rect) }

    func render(into grid: inout CellGrid, rect: Rect) {
        FormsView.render(model, previewing: previewer.isBusy, into: &grid, rect: rect)
    }

    func shown() -> Effect {
        reload()
        return .none
    }

    func archiveChanged() { stale = true }

    func tick() -> Effect? {
        var effect: Effect?
        if let loaded = loader.take() {
            model.load(version: loaded.version, set: loaded.set, tallies: loaded.tallies)
            effect = loaded.problem.map { .message($0) } ?? Effect.none
        }
        if let p = previewer.take(), p.draft == model.draft {
            model.preview = p.preview
            model.previewProblem = p.problem
            effect = effect ?? Effect.none
        }
        if let saved = saver.take() {
            reload()
            effect = .all([.reload, .message(saved.message)])
        }
        return effect
    }

    func close() {
        loader.settle(timeout: 5)
        previewer.settle(timeout: 5)
        saver.settle(timeout: 30)
    }

    /// Waits for a save, loading and the what-if, and takes them: for tests and scripted use.
    func settle(timeout: Double) -> Effect? {
        saver.settle(timeout: timeout)
        let saved = tick()
        loader.settle(timeout: timeout)
        previewer.settle(timeout: timeout)
        let loaded = tick()
        let effects = [saved, loaded].compactMap { $0 }
        return effects.isEmpty ? nil : .all(effects)
    }

    private func reload() {
        guard let data, stale || !model.loaded || !loader.isBusy else { return }
        stale = false
        loader.request {
            do {
                let (version, set) = try data.forms()
                return Loaded(version: version, set: set, tallies: try data.formItemTallies())
            } catch {
                return Loaded(version: 0, set: FormSet(forms: []), tallies: [:], problem: "cannot read the forms: \(error)")
            }
        }
    }

    /// Replaces the draft and asks for its what-if; a draft equal to the saved forms needs none.
    private func setDraft(_ draft: FormSet) {
        model.draft = draft
        model.preview = nil
        model.previewProblem = nil
        model.syncCursors()
        guard model.dirty, let data else { return }
        previewer.request {
            do { return Previewed(draft: draft, preview: try data.previewForms(draft)) } catch {
                return Previewed(draft: draft, problem: "\(error)")
            }
        }
    }

    private func itemPrompt(editing: FormItem?) -> Effect {
        guard let form = model.selectedForm else { return .message("no form selected") }
        let formIndex = model.forms.selected
        let itemIndex = model.items.selected
        return .prompt(PromptRequest(title: editing == nil ? "Add item to \(form.name)" : "Edit \(editing!.id)",
                                     text: editing.map(FormTOML.encodeItem) ?? "id = \"\", points = 10, require = { category = \"\" }",
                                     hint: "keys of forms/default.toml on one line") { [unowned self] line in
            let item: FormItem
            do { item = try FormTOML.decodeItem(line) } catch { return .refused("\(error)") }
            var draft = self.model.draft
            if editing != nil { draft.forms[formIndex].items[itemIndex] = item } else { draft.forms[formIndex].items.append(item) }
            if let problem = self.problem(draft) { return .refused(problem) }
            self.setDraft(draft)
            self.model.pane = .items
            if editing == nil { self.model.items.select(draft.forms[formIndex].items.count - 1) }
            return .done(.message(editing == nil ? "added \(item.id) to the draft" : "changed \(item.id) in the draft"))
        })
    }

    private func formPrompt() -> Effect {
        .prompt(PromptRequest(title: "Add form", hint: "NAME QUEUE[,QUEUE…]  (\"*\" makes it the default)") { [unowned self] line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count == 2 else { return .refused("write the form's name and its queues: wealth-sales wealth,private") }
            let queues = words[1].split(separator: ",").map(String.init)
            var draft = self.model.draft
            draft.forms.append(QAForm(name: words[0], queues: queues, items: FormSet.standard.forms[0].items))
            if let problem = self.problem(draft) { return .refused(problem) }
            self.setDraft(draft)
            self.model.forms.select(draft.forms.count - 1)
            self.model.syncCursors()
            return .done(.message("added form \(words[0]) to the draft"))
        })
    }

    private func delete() -> Effect {
        guard model.pane == .items, let item = model.selectedItem else { return .message("select an item (→) to delete it") }
        var draft = model.draft
        draft.forms[model.forms.selected].items.remove(at: model.items.selected)
        if draft.forms[model.forms.selected].items.isEmpty {
            draft.forms.remove(at: model.forms.selected)
            setDraft(draft)
            return .message("deleted \(item.id) and its form, which had no other item")
        }
        if let problem = problem(draft) { return .message("cannot delete \(item.id): \(problem)") }
        setDraft(draft)
        return .message("deleted \(item.id) from the draft")
    }

    /// Why the draft could not be saved (naming the form and item), checked as the store will check it.
    private func problem(_ draft: FormSet) -> String? {
        do { try FormValidation.validate(draft, categories: try? data?.categoryNames()) } catch { return "\(error)" }
        return nil
    }

    private func save() -> Effect {
        guard model.dirty else { return .message("nothing to save") }
        guard let data, !saver.isBusy else { return .message("a save is already running") }
        if let problem = model.previewProblem { return .message("cannot save: \(problem)") }
        let draft = model.draft
        let summary = "edited on the desk: " + draft.forms.filter { f in !model.saved.forms.contains(f) }.map(\.name).joined(separator: ", ")
        saver.request {
            let started = ProcessInfo.processInfo.systemUptime
            do {
                let (version, rescored) = try data.saveForms(draft, summary: summary)
                return Saved(message: "saved forms version \(version); re-scored \(rescored) calls in "
                             + String(format: "%.1f s", ProcessInfo.processInfo.systemUptime - started))
            } catch {
                return Saved(message: "save failed: \(error)")
            }
        }
        model.saved = draft  // the draft is what the store will hold; a failed save reloads the stored forms
        stale = true
        return .message("saving forms and re-scoring the archive…")
    }

    private func undo() -> Effect {
        if model.dirty {
            setDraft(model.saved)
            return .message("draft discarded — u again restores the previous version")
        }
        guard let data, !saver.isBusy else { return .none }
        do {
            let versions = try data.formVersions()
            guard versions.count > 1, let old = try data.forms(version: versions[1].version) else {
                return .message("no earlier forms version to restore")
            }
            let target = versions[1].version
            saver.request {
                do {
                    let (version, rescored) = try data.saveForms(old, summary: "restore version \(target)")
                    return Saved(message: "restored version \(target) as version \(version); re-scored \(rescored) calls")
                } catch {
                    return Saved(message: "undo failed: \(error)")
                }
            }
            stale = true
            return .message("restoring forms version \(target)…")
        } catch {
            return .message("undo failed: \(error)")
        }
    }
}
