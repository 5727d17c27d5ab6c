import Foundation
import HarkCore
import HarkStore

/// What the Forms screen reads and writes. The store adapter implements it.
public protocol FormsDataSource: AnyObject, Sendable {
    /// The forms in force and their version (the default form, unsaved as version 0, on a store without any).
    func forms() throws -> (version: Int, set: FormSet)
    /// Per form and item, how many stored results pass, fail or are N/A.
    func formItemTallies() throws -> [String: [String: FormItemTally]]
    /// How `set` would score the archive; throws the reason (naming the item) when it is not a valid set.
    func previewForms(_ set: FormSet) throws -> FormPreview
    /// Saves `set` as a version and re-scores every call against it; returns the version and the calls re-scored.
    func saveForms(_ set: FormSet, summary: String) throws -> (version: Int, rescored: Int)
    func formVersions() throws -> [FormSetVersion]
    func forms(version: Int) throws -> FormSet?
    /// The dictionary's categories, which conditions may name.
    func categoryNames() throws -> Set<String>
}

extension StoreDeskData: FormsDataSource {
    public func forms() throws -> (version: Int, set: FormSet) { try store.forms() ?? (0, .standard) }
    public func formItemTallies() throws -> [String: [String: FormItemTally]] { try store.formItemTallies() }

    public func previewForms(_ set: FormSet) throws -> FormPreview {
        let dictionary = try store.dictionary() ?? .standard
        return try store.previewForms(try FormEvaluator(forms: set, version: -1, dictionary: dictionary, settings: analysisSettings))
    }

    public func saveForms(_ set: FormSet, summary: String) throws -> (version: Int, rescored: Int) {
        let dictionary = try AnalysisService.dictionary(in: store)
        let version = try store.saveForms(set, dictionary: dictionary, author: author, summary: summary)
        return (version, try AnalysisService(store: store, settings: analysisSettings).refreshForms())
    }

    public func formVersions() throws -> [FormSetVersion] { try store.formVersions() }
    public func forms(version: Int) throws -> FormSet? { try store.forms(version: version) }
    public func categoryNames() throws -> Set<String> { Set((try store.dictionary() ?? .standard).categories.map(\.name)) }
}
