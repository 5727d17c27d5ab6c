import Foundation
import HarkCore
import HarkStore

/// A one-line reason an edit was refused ("焦急 already has 太慢").
public struct EditError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The Dictionary editor's state: the saved dictionary and the draft being edited, the cursor in the
/// category and term lists, archive hit counts, the what-if preview of the draft, and rescore progress.
/// Every edit goes through a validating method, so the draft is always savable.
public struct DictionaryEditorModel: Sendable {
    public enum Pane: Sendable { case categories, terms }

    public private(set) var saved: KeywordDictionary
    public private(set) var draft: KeywordDictionary
    public private(set) var version: Int
    public var hits: KeywordHitStats
    public var focus: Pane = .categories
    public private(set) var categoryList = ListCursor()
    public private(set) var termList = ListCursor()
    /// The draft's edits in words, for the version summary ("add 太慢 to 不满").
    public private(set) var changes: [String] = []
    public var preview: DictionaryPreview?
    /// True while a preview of the current draft is being computed.
    public var previewPending = false
    /// Seconds the preview took.
    public var previewSeconds: Double?
    /// Calls by id, to label the preview's affected calls.
    public var calls: [CallID: Call] = [:]
    public var rescore: RescoreProgress?
    /// Set by a first `w` when the store moved on since the draft began; the second `w` saves over it.
    public var overwriteConfirmed = false

    public init(dictionary: KeywordDictionary, version: Int, hits: KeywordHitStats = KeywordHitStats()) {
        saved = dictionary
        draft = dictionary
        self.version = version
        self.hits = hits
    }

    public var isDirty: Bool { draft != saved }

    /// The selected category's index; setting it keeps both lists' lengths in step with the draft.
    public var category: Int {
        get { categoryList.selected }
        set {
            categoryList.setCount(draft.categories.count)
            let before = categoryList.selected
            categoryList.select(newValue)
            termList.setCount(selectedCategory?.terms.count ?? 0)
            if categoryList.selected != before { termList = ListCursor(count: selectedCategory?.terms.count ?? 0) }
        }
    }

    public var term: Int {
        get { termList.selected }
        set {
            termList.setCount(selectedCategory?.terms.count ?? 0)
            termList.select(newValue)
        }
    }
    public var selectedCategory: KeywordCategory? { draft.categories[safe: category] }
    public var selectedTerm: KeywordTerm? { selectedCategory?.terms[safe: term] }

    /// Replaces the saved dictionary (after a save, an undo or a reload); the draft follows it.
    public mutating func load(_ dictionary: KeywordDictionary, version: Int) {
        saved = dictionary
        draft = dictionary
        self.version = version
        changes = []
        preview = nil
        previewPending = false
        previewSeconds = nil
        overwriteConfirmed = false
        clampCursor()
    }

    /// Throws the draft away.
    public mutating func discardDraft() {
        draft = saved
        changes = []
        preview = nil
        previewPending = false
        clampCursor()
    }

    /// Replaces the whole draft (an imported file).
    public mutating func replaceDraft(_ dictionary: KeywordDictionary, because change: String) {
        draft = dictionary
        changes.append(change)
        clampCursor()
    }

    // MARK: - Parsing prompt input

    /// "太慢" or "太慢 @1.5": a term and an optional weight.
    public static func parseTerm(_ input: String) throws -> KeywordTerm {
        let (text, weight) = try splitWeight(input)
        guard !text.isEmpty else { throw EditError("the term is empty") }
        return KeywordTerm(text, weight: weight ?? 1)
    }

    /// "催促 negative @1.5": a name, a role and an optional weight.
    public static func parseCategory(_ input: String) throws -> (name: String, role: CategoryRole, weight: Double) {
        let (rest, weight) = try splitWeight(input)
        var words = rest.split(separator: " ").map(String.init)
        guard let roleWord = words.popLast(), !words.isEmpty else {
            throw EditError("expected NAME ROLE [@WEIGHT], e.g. 催促 negative @1.5")
        }
        guard let role = CategoryRole(rawValue: roleWord.lowercased()) else {
            throw EditError("unknown role \"\(roleWord)\" (have: \(CategoryRole.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return (words.joined(separator: " "), role, weight ?? 1)
    }

    static func splitWeight(_ input: String) throws -> (String, Double?) {
        let trimmed = input.trimmingCharacters(in: .whitespaces)
        guard let at = trimmed.lastIndex(of: "@") else { return (trimmed, nil) }
        let number = trimmed[trimmed.index(after: at)...].trimmingCharacters(in: .whitespaces)
        guard let w = Double(number), w.isFinite else { throw EditError("weight \"\(number)\" is not a number") }
        guard DictionaryTOML.weightRange.contains(w) else {
            throw EditError("weight \(Self.format(w)) is outside \(Self.format(DictionaryTOML.weightRange.lowerBound))–\(Self.format(DictionaryTOML.weightRange.upperBound))")
        }
        return (trimmed[..<at].trimmingCharacters(in: .whitespaces), w)
    }

    static func format(_ w: Double) -> String { w == w.rounded() ? String(Int(w)) : String(format: "%g", w) }

    // MARK: - Edits

    public mutating func addTerm(_ input: String) throws {
        guard let c = selectedCategory else { throw EditError("add a category first (A)") }
        let t = try Self.parseTerm(input)
        try checkUnique(t.text, in: c)
        draft.categories[category].terms.append(t)
        term = draft.categories[category].terms.count - 1
        focus = .terms
        changes.append("add \(t.text) to \(c.name)")
    }

    public mutating func editTerm(_ input: String) throws {
        guard let c = selectedCategory, let old = selectedTerm else { throw EditError("no term selected") }
        let t = try Self.parseTerm(input)
        try checkUnique(t.text, in: c, except: term)
        draft.categories[category].terms[term] = t
        changes.append(old.text == t.text ? "reweight \(t.text) in \(c.name)" : "change \(old.text) to \(t.text) in \(c.name)")
    }

    public mutating func deleteTerm() throws {
        guard let c = selectedCategory, let t = selectedTerm else { throw EditError("no term selected") }
        draft.categories[category].terms.remove(at: term)
        changes.append("remove \(t.text) from \(c.name)")
        clampCursor()
    }

    /// Moves the selected term to the category named `name`.
    public mutating func moveTerm(to name: String) throws {
        guard let c = selectedCategory, let t = selectedTerm else { throw EditError("no term selected") }
        let target = name.trimmingCharacters(in: .whitespaces)
        guard let to = draft.categories.firstIndex(where: { $0.name == target }) else {
            throw EditError("no category \"\(target)\"")
        }
        guard to != category else { return }
        try checkUnique(t.text, in: draft.categories[to])
        draft.categories[category].terms.remove(at: term)
        draft.categories[to].terms.append(t)
        changes.append("move \(t.text) from \(c.name) to \(target)")
        category = to
        term = draft.categories[to].terms.count - 1
    }

    public mutating func addCategory(_ input: String) throws {
        let (name, role, weight) = try Self.parseCategory(input)
        guard !draft.categories.contains(where: { $0.name == name }) else { throw EditError("category \(name) already exists") }
        draft.categories.append(KeywordCategory(name: name, role: role, weight: weight, terms: []))
        category = draft.categories.count - 1
        term = 0
        focus = .categories
        changes.append("add category \(name)")
    }

    public mutating func editCategory(_ input: String) throws {
        guard let c = selectedCategory else { throw EditError("no category selected") }
        let (name, role, weight) = try Self.parseCategory(input)
        if name != c.name, draft.categories.contains(where: { $0.name == name }) {
            throw EditError("category \(name) already exists")
        }
        draft.categories[category].name = name
        // A category keeps a custom colour; one coloured by its role follows the new role.
        if c.color == c.role.rawValue { draft.categories[category].color = role.rawValue }
        draft.categories[category].role = role
        draft.categories[category].weight = weight
        changes.append(name == c.name ? "edit category \(name)" : "rename category \(c.name) to \(name)")
    }

    public mutating func deleteCategory() throws {
        guard let c = selectedCategory else { throw EditError("no category selected") }
        draft.categories.remove(at: category)
        changes.append("remove category \(c.name)")
        clampCursor()
    }

    /// The text an edit prompt starts with.
    public var termPromptText: String {
        guard let t = selectedTerm else { return "" }
        return t.weight == 1 ? t.text : "\(t.text) @\(Self.format(t.weight))"
    }

    public var categoryPromptText: String {
        guard let c = selectedCategory else { return "" }
        return "\(c.name) \(c.role.rawValue) @\(Self.format(c.weight))"
    }

    private func checkUnique(_ text: String, in c: KeywordCategory, except: Int? = nil) throws {
        let key = text.lowercased()
        for (i, t) in c.terms.enumerated() where i != except && t.text.lowercased() == key {
            throw EditError("\(c.name) already has \(t.text)")
        }
    }

    mutating func clampCursor() {
        categoryList.setCount(draft.categories.count)
        termList.setCount(selectedCategory?.terms.count ?? 0)
    }

    /// Moves the cursor of the focused list; → and ← move between the lists.
    public mutating func move(_ m: Movement) {
        switch (m, focus) {
        case (.right, .categories): if selectedCategory != nil { focus = .terms }
        case (.left, .terms): focus = .categories
        case (_, .categories): category = { var c = categoryList; c.move(m); return c.selected }()
        case (_, .terms): termList.move(m)
        }
    }

    /// Scrolls both lists for the rows they show.
    public mutating func layout(categoryRows: Int, termRows: Int) {
        clampCursor()
        categoryList.layout(visibleRows: categoryRows)
        termList.layout(visibleRows: termRows)
    }

    /// Archive hits of a category or term.
    public func hits(category name: String) -> KeywordHitCount? { hits.byCategory[name] }
    public func hits(category name: String, term text: String) -> KeywordHitCount? { hits.byTerm[name]?[text.lowercased()] }
}
