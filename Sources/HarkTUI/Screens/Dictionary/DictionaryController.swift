import Foundation
import HarkCore
import HarkStore

extension ScreenID { public static let dictionary = ScreenID("dictionary") }

/// The Dictionary editor: edits change a draft, each edit re-runs the what-if preview over the stored
/// transcripts in the background, `w` saves a version (the store queues the rescore), `u` undoes.
final class DictionaryController: ScreenController {
    let id = ScreenID.dictionary
    let title = "Dictionary"
    /// Loaded when the screen is first shown.
    private(set) var editor: DictionaryEditorModel?
    /// Why the editor cannot work with this data source.
    private var unavailable: String?
    private var previewRunner: PreviewRunner?
    /// Archive hit counts are counted off the main thread (tens of milliseconds on 100,000 calls).
    private let hitsLoader = LatestResult<KeywordHitStats?>(name: "hark-dictionary-hits")
    private let context: DeskContext
    private var data: DictionaryDataSource? { context.data as? DictionaryDataSource }

    init(_ context: DeskContext) { self.context = context }

    var bindings: [Binding] {
        [
            Binding(.character("a"), help: "add a term (TERM or TERM @WEIGHT)", hint: "add term") { [unowned self] in
                guard let c = self.editor?.selectedCategory else { return .message("add a category first (A)") }
                return self.prompt("Add a term to \(c.name)", "", Self.termHint) { try $0.addTerm($1) }
            },
            Binding(.character("A"), help: "add a category (NAME ROLE @WEIGHT)", hint: "category") { [unowned self] in
                self.prompt("Add a category", "", Self.categoryHint) { try $0.addCategory($1) }
            },
            Binding(.character("e"), help: "edit the selected term / category", hint: "edit") { [unowned self] in self.edit() },
            Binding(.character("d"), .delete, help: "delete the selected term / category", hint: "delete") { [unowned self] in
                self.change { e in if e.focus == .terms { try e.deleteTerm() } else { try e.deleteCategory() } }
            },
            Binding(.character("m"), help: "move the term to another category", hint: "move") { [unowned self] in
                guard let t = self.editor?.selectedTerm else { return .message("select a term first (→)") }
                return self.prompt("Move \(t.text) to category", "", "the target category's name") { try $0.moveTerm(to: $1) }
            },
            Binding(.character("w"), help: "save the draft as a new version (re-scores the archive)", hint: "save") { [unowned self] in self.save() },
            Binding(.character("u"), help: "discard the draft, else restore the previous version", hint: "undo") { [unowned self] in self.undo() },
            Binding(.character("i"), help: "import a dictionary TOML file as the draft", hint: "import") { [unowned self] in self.importPrompt() },
            Binding(.character("o"), help: "export the draft as TOML") { [unowned self] in self.exportPrompt() },
            Binding(.enter, help: "open the category's terms") { [unowned self] in self.move(.right) },
        ]
    }

    static let termHint = "TERM or TERM @WEIGHT (0–10), e.g. 太慢 @1.5"
    static let categoryHint = "NAME ROLE [@WEIGHT]; roles: \(CategoryRole.allCases.map(\.rawValue).joined(separator: " "))"
    static let fileHint = "a file path; Enter confirms, Esc cancels"

    func move(_ movement: Movement) -> Effect { editor?.move(movement); return .none }

    func layout(_ rect: Rect) {
        guard var e = editor else { return }
        DictionaryView.layout(&e, rect: rect)
        editor = e
    }

    func render(into grid: inout CellGrid, rect: Rect) {
        if let e = editor {
            let keys = bindings.compactMap { b in b.hint.map { "\(b.keys[0].label) \($0)" } }.joined(separator: " · ")
            DictionaryView.render(e, keys: keys, into: &grid, rect: rect)
        } else {
            grid.put(unavailable ?? "Dictionary not loaded.", x: 1, y: rect.y + 1, Style(.dim))
        }
    }

    func shown() -> Effect {
        openEditor()
    }


    func tick() -> Effect? {
        if let hits = hitsLoader.take() {
            if let hits { editor?.hits = hits }
            return pollPreview() ?? Effect.none
        }
        return pollPreview()
    }

    /// Waits for hit counts being made and takes them: for tests and scripted use.
    func settleHits(timeout: Double) {
        hitsLoader.settle(timeout: timeout)
        if let hits = hitsLoader.take(), let hits { editor?.hits = hits }
    }

    private func loadHits() {
        let source = context.data
        hitsLoader.request { try? (source as? DictionaryDataSource)?.keywordHits() }
    }

    func storePolled() -> Bool { pollRescore() }

    func close() {
        previewRunner?.finish()
        hitsLoader.settle(timeout: 5)
    }

    /// Loads the editor the first time its screen is shown; later an untouched editor follows a version saved
    /// elsewhere meanwhile (`hark dict add`), while a draft keeps its base.
    private func openEditor() -> Effect {
        guard let d = data else { unavailable = "The dictionary editor needs the call store."; return .none }
        if let e = editor {
            if !e.isDirty, let v = try? d.dictionaryVersion(), v != e.version, let current = try? d.dictionary() {
                _ = follow(current, version: v, d)
            }
            return .none
        }
        do {
            var e = DictionaryEditorModel(dictionary: try d.dictionary(), version: try d.dictionaryVersion())
            e.rescore = try d.rescoreProgress()
            editor = e
            loadHits()
        } catch {
            unavailable = "cannot load the dictionary: \(error)"
        }
        return .none
    }

    /// A prompt whose text goes through one of the draft's validating edits; a refused edit keeps it open.
    private func prompt(_ title: String, _ text: String, _ hint: String,
                        _ edit: @escaping (inout DictionaryEditorModel, String) throws -> Void) -> Effect {
        .prompt(PromptRequest(title: title, text: text, hint: hint) { [unowned self] input in
            guard var e = self.editor else { return .done(.none) }
            do { try edit(&e, input) } catch { return .refused("\(error)") }
            self.editor = e
            self.refreshPreview()
            return .done(.none)
        })
    }

    private func change(_ edit: (inout DictionaryEditorModel) throws -> Void) -> Effect {
        guard var e = editor else { return .none }
        do { try edit(&e) } catch { return .message("\(error)") }
        editor = e
        refreshPreview()
        return .none
    }

    private func edit() -> Effect {
        guard let e = editor else { return .none }
        if e.focus == .terms, e.selectedTerm != nil, let c = e.selectedCategory {
            return prompt("Edit term in \(c.name)", e.termPromptText, Self.termHint) { try $0.editTerm($1) }
        } else if e.selectedCategory != nil {
            return prompt("Edit category", e.categoryPromptText, Self.categoryHint) { try $0.editCategory($1) }
        }
        return .none
    }

    private func importPrompt() -> Effect {
        var imported = ""
        let request = PromptRequest(title: "Import dictionary TOML (replaces the draft)", hint: Self.fileHint) { [unowned self] text in
            guard var e = self.editor else { return .done(.none) }
            let path = text.trimmingCharacters(in: .whitespaces)
            do {
                guard let bytes = FileManager.default.contents(atPath: path) else { throw EditError("\(path): cannot read") }
                e.replaceDraft(try DictionaryTOML.decode(String(decoding: bytes, as: UTF8.self), source: path),
                               because: "import \((path as NSString).lastPathComponent)")
            } catch {
                return .refused("\(error)")
            }
            imported = path
            self.editor = e
            self.refreshPreview()
            return .done(.message("imported \(imported) as the draft — w saves it"))
        }
        return .prompt(request)
    }

    private func exportPrompt() -> Effect {
        guard let e = editor else { return .none }
        return .prompt(PromptRequest(title: "Export the draft as TOML to", text: "dictionary-v\(e.version).toml", hint: Self.fileHint) {
            [unowned self] text in
            let path = text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { return .refused("no file given") }
            guard let draft = self.editor?.draft else { return .done(.none) }
            do { try PrivateFile.write(DictionaryTOML.encode(draft), to: path) } catch { return .refused("\(error)") }
            return .done(.message("wrote \(path)"))
        })
    }

    /// Re-runs the what-if preview of the draft against the stored transcripts, in the background; `tick`
    /// shows the result when it is ready.
    private func refreshPreview() {
        guard var e = editor, let d = data else { return }
        if previewRunner == nil { previewRunner = PreviewRunner(source: d) }
        guard e.isDirty else {
            previewRunner?.cancel()
            e.preview = nil
            e.previewPending = false
            editor = e
            return
        }
        previewRunner?.request(current: e.saved, edited: e.draft)
        e.previewPending = true
        editor = e
    }

    /// Takes a finished preview into the editor: nil when none arrived, else its error to say, if any.
    private func pollPreview() -> Effect? {
        guard var e = editor, let (result, error) = previewRunner?.take() else { return nil }
        e.previewPending = false
        if let result, e.isDirty {
            e.preview = result.preview
            e.previewSeconds = result.seconds
            e.calls.merge(result.calls) { _, new in new }
        }
        editor = e
        return error.map { .message($0) } ?? Effect.none
    }

    /// Waits (up to `timeout` seconds) for the background preview and takes it; returns its error, if any.
    func settlePreview(timeout: Double) -> String? {
        settleHits(timeout: timeout)
        let deadline = Date().addingTimeInterval(timeout)
        while previewRunner?.isBusy == true, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        if case let .message(why)? = pollPreview() { return why }
        return nil
    }

    private func save() -> Effect {
        guard var e = editor, let d = data else { return .none }
        guard e.isDirty else { return .message("nothing to save") }
        do {
            let stored = try d.dictionaryVersion()
            if stored != e.version && !e.overwriteConfirmed {
                e.overwriteConfirmed = true
                editor = e
                return .message("version \(stored) was saved elsewhere since your draft began from v\(e.version): w again saves over it, u discards the draft")
            }
            let summary = e.changes.joined(separator: "; ")
            let version = try d.saveDictionary(e.draft, summary: summary)
            let queued = follow(try d.dictionary(), version: version, d)
            return .message("saved version \(version) (\(summary)); re-scoring \(queued) calls")
        } catch {
            return .message("save failed: \(error)")
        }
    }

    /// The editor takes a saved version as its base (after a save, an undo, or a save made elsewhere); returns
    /// how many calls the rescore it queued covers.
    private func follow(_ dictionary: KeywordDictionary, version: Int, _ d: DictionaryDataSource) -> Int {
        guard var e = editor else { return 0 }
        e.load(dictionary, version: version)
        e.rescore = try? d.rescoreProgress()
        editor = e
        return e.rescore?.total ?? 0
    }

    private func undo() -> Effect {
        guard var e = editor, let d = data else { return .none }
        if e.isDirty {
            e.discardDraft()
            editor = e
            return .message("draft discarded — u again restores the previous version")
        }
        do {
            let versions = try d.dictionaryVersions()
            guard versions.count > 1, let old = try d.dictionary(version: versions[1].version) else {
                return .message("no earlier version to restore")
            }
            let version = try d.saveDictionary(old, summary: "restore version \(versions[1].version)")
            let queued = follow(old, version: version, d)
            return .message("restored version \(versions[1].version) as version \(version); re-scoring \(queued) calls")
        } catch {
            return .message("undo failed: \(error)")
        }
    }

    /// Polls rescore progress; when a rescore finishes, hit counts and the preview's transcripts are reloaded.
    private func pollRescore() -> Bool {
        guard var e = editor, let d = data, let progress = try? d.rescoreProgress() else { return false }
        guard progress != e.rescore else { return false }
        let finishedNow = progress.finished && !(e.rescore?.finished ?? true)
        e.rescore = progress
        if finishedNow {
            previewRunner?.invalidate()
            loadHits()
        }
        editor = e
        if finishedNow, e.isDirty { refreshPreview() }
        return true
    }
}
