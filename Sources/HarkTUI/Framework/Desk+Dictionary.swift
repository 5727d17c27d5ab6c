import Foundation
import HarkCore
import HarkStore

/// What a Dictionary-editor prompt is for.
enum DictionaryPrompt {
    case addTerm, editTerm, moveTerm, addCategory, editCategory, importFile, exportFile
}

/// The Dictionary editor's keys and prompts: edits change a draft, each edit re-runs the what-if preview
/// over the stored transcripts, `w` saves a version (the store queues the rescore), `u` undoes.
extension Desk {
    var dictionaryData: DictionaryDataSource? { data as? DictionaryDataSource }

    /// Loads the editor the first time its screen is shown.
    func openEditor() {
        if var e = editor {
            // Saved elsewhere meanwhile (`hark dict add`): an untouched editor follows; a draft keeps its base.
            if !e.isDirty, let d = dictionaryData, let v = try? d.dictionaryVersion(), v != e.version,
               let current = try? d.dictionary() {
                e.load(current, version: v)
                e.rescore = try? d.rescoreProgress()
                editor = e
            }
            return
        }
        guard let d = dictionaryData else {
            unavailable[.dictionary] = "The dictionary editor needs the call store."
            return
        }
        do {
            var e = DictionaryEditorModel(dictionary: try d.dictionary(), version: try d.dictionaryVersion(),
                                          hits: try d.keywordHits())
            e.rescore = try d.rescoreProgress()
            editor = e
        } catch {
            unavailable[.dictionary] = "cannot load the dictionary: \(error)"
        }
    }

    func dictionaryAction(_ action: Action, page: Int) {
        guard var e = editor, let d = dictionaryData else { return }
        switch action {
        case .addTerm:
            guard e.selectedCategory != nil else { message = "add a category first (A)"; return }
            prompt(.addTerm, "Add a term to \(e.selectedCategory!.name)", "")
        case .addCategory: prompt(.addCategory, "Add a category", "")
        case .edit:
            if e.focus == .terms, e.selectedTerm != nil {
                prompt(.editTerm, "Edit term in \(e.selectedCategory!.name)", e.termPromptText)
            } else if e.selectedCategory != nil {
                prompt(.editCategory, "Edit category", e.categoryPromptText)
            }
        case .delete:
            do {
                if e.focus == .terms { try e.deleteTerm() } else { try e.deleteCategory() }
                editor = e
                refreshPreview()
            } catch { message = "\(error)" }
        case .moveTerm:
            guard let t = e.selectedTerm else { message = "select a term first (→)"; return }
            prompt(.moveTerm, "Move \(t.text) to category", "")
        case .save: saveDraft(d)
        case .undo: undo(d)
        case .importFile: prompt(.importFile, "Import dictionary TOML (replaces the draft)", "")
        case .exportFile: prompt(.exportFile, "Export the draft as TOML to", "dictionary-v\(e.version).toml")
        default:
            e.move(action, page: page)
            editor = e
        }
    }

    func promptHint(_ purpose: PromptPurpose) -> String {
        switch purpose {
        case .search: return "Enter searches, empty clears, Esc cancels"
        case .filter: return CallFilter.syntax
        case .note: return "Enter saves the note (author, time, call and moment are recorded), Esc cancels"
        case let .dictionary(kind):
            switch kind {
            case .addTerm, .editTerm: return "TERM or TERM @WEIGHT (0–10), e.g. 太慢 @1.5"
            case .addCategory, .editCategory:
                return "NAME ROLE [@WEIGHT]; roles: \(CategoryRole.allCases.map(\.rawValue).joined(separator: " "))"
            case .moveTerm: return "the target category's name"
            case .importFile, .exportFile: return "a file path; Enter confirms, Esc cancels"
            }
        }
    }

    private func prompt(_ kind: DictionaryPrompt, _ title: String, _ text: String) {
        overlay = .prompt(Prompt(title: title, text: text, hint: promptHint(.dictionary(kind))), .dictionary(kind))
    }

    func submitDictionary(_ text: String, _ kind: DictionaryPrompt) {
        guard var e = editor else { return }
        do {
            switch kind {
            case .addTerm: try e.addTerm(text)
            case .editTerm: try e.editTerm(text)
            case .moveTerm: try e.moveTerm(to: text)
            case .addCategory: try e.addCategory(text)
            case .editCategory: try e.editCategory(text)
            case .importFile:
                let path = text.trimmingCharacters(in: .whitespaces)
                guard let bytes = FileManager.default.contents(atPath: path) else { throw EditError("\(path): cannot read") }
                e.replaceDraft(try DictionaryTOML.decode(String(decoding: bytes, as: UTF8.self), source: path),
                               because: "import \((path as NSString).lastPathComponent)")
                message = "imported \(path) as the draft — w saves it"
            case .exportFile:
                let path = text.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { throw EditError("no file given") }
                do { try PrivateFile.write(DictionaryTOML.encode(e.draft), to: path) } catch { throw EditError("\(error)") }
                message = "wrote \(path)"
                return
            }
            editor = e
            refreshPreview()
        } catch {
            // The prompt stays open with the typed text and the reason, so a typo is fixed, not retyped.
            message = "\(error)"
            var p = Prompt(title: promptTitle(kind, e), text: text, hint: "✗ \(error)")
            p.cursor = p.text.count
            overlay = .prompt(p, .dictionary(kind))
        }
    }

    private func promptTitle(_ kind: DictionaryPrompt, _ e: DictionaryEditorModel) -> String {
        switch kind {
        case .addTerm: return "Add a term to \(e.selectedCategory?.name ?? "")"
        case .editTerm: return "Edit term in \(e.selectedCategory?.name ?? "")"
        case .moveTerm: return "Move \(e.selectedTerm?.text ?? "") to category"
        case .addCategory: return "Add a category"
        case .editCategory: return "Edit category"
        case .importFile: return "Import dictionary TOML (replaces the draft)"
        case .exportFile: return "Export the draft as TOML to"
        }
    }

    /// Re-runs the what-if preview of the draft against the stored transcripts, in the background; `tick`
    /// shows the result when it is ready.
    func refreshPreview() {
        guard var e = editor, let d = dictionaryData else { return }
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

    /// Takes a finished preview into the editor; returns whether one arrived.
    func pollPreview() -> Bool {
        guard var e = editor, let (result, error) = previewRunner?.take() else { return false }
        e.previewPending = false
        if let result, e.isDirty {
            e.preview = result.preview
            e.previewSeconds = result.seconds
            e.calls.merge(result.calls) { _, new in new }
        }
        if let error { message = error }
        editor = e
        return true
    }

    /// Waits (up to `timeout` seconds) for the background preview and shows it: for tests and scripted use.
    public func settlePreview(timeout: Double = 30) {
        let deadline = Date().addingTimeInterval(timeout)
        while previewRunner?.isBusy == true, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        _ = pollPreview()
    }

    private func saveDraft(_ d: DictionaryDataSource) {
        guard var e = editor else { return }
        guard e.isDirty else { message = "nothing to save"; return }
        do {
            let stored = try d.dictionaryVersion()
            if stored != e.version && !e.overwriteConfirmed {
                e.overwriteConfirmed = true
                editor = e
                message = "version \(stored) was saved elsewhere since your draft began from v\(e.version): w again saves over it, u discards the draft"
                return
            }
            let summary = e.changes.joined(separator: "; ")
            let version = try d.saveDictionary(e.draft, summary: summary)
            e.load(try d.dictionary(), version: version)
            e.rescore = try d.rescoreProgress()
            editor = e
            message = "saved version \(version) (\(summary)); re-scoring \(e.rescore?.total ?? 0) calls"
        } catch {
            message = "save failed: \(error)"
        }
    }

    private func undo(_ d: DictionaryDataSource) {
        guard var e = editor else { return }
        if e.isDirty {
            e.discardDraft()
            editor = e
            message = "draft discarded — u again restores the previous version"
            return
        }
        do {
            let versions = try d.dictionaryVersions()
            guard versions.count > 1, let old = try d.dictionary(version: versions[1].version) else {
                message = "no earlier version to restore"
                return
            }
            let version = try d.saveDictionary(old, summary: "restore version \(versions[1].version)")
            e.load(old, version: version)
            e.rescore = try d.rescoreProgress()
            editor = e
            message = "restored version \(versions[1].version) as version \(version); re-scoring \(e.rescore?.total ?? 0) calls"
        } catch {
            message = "undo failed: \(error)"
        }
    }

    /// Polls rescore progress; when a rescore finishes, hit counts and the preview's transcripts are reloaded.
    /// Returns whether anything visible changed.
    func pollRescore() -> Bool {
        guard var e = editor, let d = dictionaryData, let progress = try? d.rescoreProgress() else { return false }
        guard progress != e.rescore else { return false }
        let finishedNow = progress.finished && !(e.rescore?.finished ?? true)
        e.rescore = progress
        if finishedNow {
            previewRunner?.invalidate()
            if let hits = try? d.keywordHits() { e.hits = hits }
        }
        editor = e
        if finishedNow, e.isDirty { refreshPreview() }
        return true
    }
}
