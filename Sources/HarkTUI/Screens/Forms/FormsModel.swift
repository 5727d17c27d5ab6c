import HarkCore
import HarkStore

/// Which list of the Forms screen has the keys.
public enum FormsPane: Sendable { case forms, items }

/// The Forms screen's state: the saved forms and the draft being edited, how the archive passes each item,
/// and the what-if preview of the draft.
public struct FormsModel: Sendable {
    public var version = 0
    public var saved = FormSet(forms: [])
    public var draft = FormSet(forms: [])
    /// Stored results: per form, per item.
    public var tallies: [String: [String: FormItemTally]] = [:]
    /// The draft over the archive, once computed (nil while it runs or when the draft is the saved set).
    public var preview: FormPreview?
    public var previewProblem: String?
    public var loaded = false
    public var pane: FormsPane = .forms
    public var forms = ListCursor()
    public var items = ListCursor()

    public init() {}

    public var dirty: Bool { draft != saved }
    public var selectedForm: QAForm? { draft.forms[safe: forms.selected] }
    public var selectedItem: FormItem? { selectedForm?.items[safe: items.selected] }

    /// Takes the store's forms as saved; the draft follows unless it has edits of its own.
    public mutating func load(version: Int, set: FormSet, tallies: [String: [String: FormItemTally]]) {
        let keepDraft = loaded && dirty
        self.version = version
        saved = set
        self.tallies = tallies
        if !keepDraft { draft = set; preview = nil }
        loaded = true
        syncCursors()
    }

    mutating func syncCursors() {
        forms.setCount(draft.forms.count)
        items.setCount(selectedForm?.items.count ?? 0)
    }

    /// "18/20" of the calls an item applied to, from stored results or the preview.
    static func pass(_ t: FormItemTally?) -> String {
        guard let t, t.applicable > 0 else { return "–" }
        return "\(t.passed)/\(t.applicable)"
    }
}
