import Foundation
import HarkCore
import HarkStore
@testable import HarkTUI
import Testing

@Suite struct DictionaryEditorTests {
    @Test func promptInputParsesTermsWeightsAndCategories() throws {
        #expect(try DictionaryEditorModel.parseTerm("太慢") == KeywordTerm("太慢"))
        #expect(try DictionaryEditorModel.parseTerm(" 太慢 @1.5 ") == KeywordTerm("太慢", weight: 1.5))
        #expect(try DictionaryEditorModel.parseTerm("315") == KeywordTerm("315"))
        #expect(throws: EditError("the term is empty")) { try DictionaryEditorModel.parseTerm("  @2") }
        #expect(throws: EditError("weight 12 is outside 0–10")) { try DictionaryEditorModel.parseTerm("太慢 @12") }
        #expect(throws: EditError("weight \"x\" is not a number")) { try DictionaryEditorModel.parseTerm("太慢 @x") }
        let c = try DictionaryEditorModel.parseCategory("催促 negative @1.5")
        #expect(c.name == "催促" && c.role == .negative && c.weight == 1.5)
        #expect(throws: EditError.self) { try DictionaryEditorModel.parseCategory("催促 angry") }
        #expect(throws: EditError.self) { try DictionaryEditorModel.parseCategory("negative") }
    }

    @Test func editsValidateAndKeepTheDraftApartFromTheSavedDictionary() throws {
        var m = DictionaryEditorModel(dictionary: .standard, version: 1)
        #expect(m.selectedCategory?.name == "不满")
        try m.addTerm("太慢 @2")
        #expect(m.isDirty && m.saved == .standard)
        #expect(m.selectedTerm == KeywordTerm("太慢", weight: 2) && m.focus == .terms)
        #expect(throws: EditError("不满 already has 太慢")) { try m.addTerm("太慢") }
        #expect(throws: EditError("不满 already has 失望")) { try m.editTerm("失望") }
        try m.editTerm("太慢了吧 @3")
        try m.moveTerm(to: "焦急")
        #expect(m.selectedCategory?.name == "焦急" && m.selectedTerm?.text == "太慢了吧")
        #expect(throws: EditError("no category \"无此类\"")) { try m.moveTerm(to: "无此类") }
        try m.addCategory("催促 negative @1.5")
        #expect(throws: EditError("category 催促 already exists")) { try m.addCategory("催促 positive") }
        try m.editCategory("催办 negative @2")
        #expect(m.selectedCategory?.name == "催办" && m.selectedCategory?.weight == 2)
        try m.deleteCategory()
        #expect(!m.draft.categories.contains { $0.name == "催办" })
        #expect(m.changes == ["add 太慢 to 不满", "change 太慢 to 太慢了吧 in 不满", "move 太慢了吧 from 不满 to 焦急",
                              "add category 催促", "rename category 催促 to 催办", "remove category 催办"])
        m.discardDraft()
        #expect(!m.isDirty && m.changes.isEmpty)
    }

    @Test func addingAChineseTermShowsThePreviewSavingRescoresAndUndoRestores() throws {
        let s = try StoreDesk()
        s.keys("5")
        var g = s.frame()
        #expect(g.text.contains("Dictionary v1"))
        let row = g.rowIndex(containing: "不满")!
        #expect(g.row(row).contains("negative"))
        // The swatch is drawn in the category's colour.
        let swatch = g.column(of: "██", inRow: row)!
        #expect(g[swatch, row].style.role == .category("negative"))

        s.keys("a")
        #expect(s.frame().text.contains("Add a term to 不满"))
        s.type("太慢")
        s.keys("Enter")
        g = s.frame()
        #expect(g.text.contains("draft: 1 change (add 太慢 to 不满)"))
        // The preview computes in the background; the panel says so until it is ready.
        #expect(g.text.contains("Computing the what-if") || g.text.contains("updating…"))
        s.desk.settlePreview()
        g = s.frame()
        #expect(g.text.contains("What-if: draft vs saved v1 over 4 calls"))
        #expect(g.text.contains("newly flagged 1 · unflagged 0"))
        let affected = g.rowIndex(containing: "王芳 → 周先生")!
        #expect(g.row(affected).contains("newly flagged"))
        #expect(g.row(affected).contains("#\(s.ids[0])"))

        // Invalid input keeps the prompt open with the reason.
        s.keys("a")
        s.type("太慢 @11")
        s.keys("Enter")
        g = s.frame()
        #expect(g.text.contains("✗ weight 11 is outside 0–10"))
        #expect(g.text.contains("Add a term to 不满"))
        s.keys("Esc")

        s.keys("w")
        #expect(s.desk.message?.hasPrefix("saved version 2 (add 太慢 to 不满); re-scoring 4 calls") == true)
        #expect(s.frame().text.contains("rescoring 0/4"))
        try s.drainRescore()
        _ = s.desk.tick()
        #expect(s.frame().text.contains("rescored 4/4"))
        #expect(try s.store.calls(CallQuery(callIDs: [s.ids[0]])).first?.risk == true)
        // Hit counts come from the re-scored archive.
        #expect(s.desk.editor?.hits(category: "不满", term: "太慢")?.hits == 1)

        // u restores version 1 as version 3, and re-scoring un-flags the call again.
        s.keys("u")
        #expect(s.desk.message == "restored version 1 as version 3; re-scoring 4 calls")
        #expect(try s.store.dictionary() == .standard)
        try s.drainRescore()
        #expect(try s.store.calls(CallQuery(callIDs: [s.ids[0]])).first?.risk == false)
    }

    @Test func importAndExportTOMLFromTheScreen() throws {
        let s = try StoreDesk()
        s.keys("5", "o")
        s.keys("C-u")
        let out = s.dir.path("dict.toml")
        s.type(out)
        s.keys("Enter")
        #expect(s.desk.message == "wrote \(out)")
        #expect(try DictionaryTOML.decode(String(contentsOfFile: out, encoding: .utf8), source: out) == .standard)

        let bad = s.dir.path("bad.toml")
        try "[[category]]\nname = 1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        s.keys("i")
        s.type(bad)
        s.keys("Enter")
        #expect(s.desk.message?.hasPrefix("\(bad): ") == true)

        var edited = KeywordDictionary.standard
        edited.categories.removeLast()
        try DictionaryTOML.encode(edited).write(toFile: out, atomically: true, encoding: .utf8)
        s.keys("Esc", "i")
        s.type(out)
        s.keys("Enter")
        #expect(s.desk.editor?.draft == edited)
        #expect(s.frame().text.contains("import dict.toml"))
    }

    @Test func aVersionSavedElsewhereIsFollowedOrConfirmedBeforeOverwriting() throws {
        let s = try StoreDesk()
        s.keys("5")
        #expect(s.desk.editor?.version == 1)
        var d = KeywordDictionary.standard
        d.categories[0].terms.append(KeywordTerm("离谱"))
        try s.store.saveDictionary(d, author: "cli", summary: "add 离谱")
        // An untouched editor follows the store when shown again.
        s.keys("1", "5")
        #expect(s.desk.editor?.version == 2 && s.desk.editor?.saved == d)

        s.keys("a")
        s.type("太慢")
        s.keys("Enter")
        d.categories[1].terms.append(KeywordTerm("曝光你们"))
        try s.store.saveDictionary(d, author: "cli", summary: "add 曝光你们")
        s.keys("w")
        #expect(s.desk.message?.hasPrefix("version 3 was saved elsewhere since your draft began from v2") == true)
        #expect(try s.store.currentDictionaryVersion() == 3)
        s.keys("w")
        #expect(try s.store.currentDictionaryVersion() == 4)
        #expect(try s.store.dictionaryVersions().first?.summary == "add 太慢 to 不满")
    }

    @Test func thePreviewRunnerKeepsOnlyTheNewestDraftsResult() throws {
        let s = try StoreDesk()
        let runner = PreviewRunner(source: StoreDeskData(store: s.store), threads: 2)
        var slow = KeywordDictionary.standard
        slow.categories[0].terms.append(KeywordTerm("太慢"))
        var none = KeywordDictionary.standard
        none.categories[0].terms.append(KeywordTerm("从没说过的词"))
        runner.request(current: .standard, edited: slow)
        let newest = runner.request(current: .standard, edited: none)
        while runner.isBusy { Thread.sleep(forTimeInterval: 0.005) }
        let taken = runner.take()
        #expect(taken?.result?.generation == newest)
        #expect(taken?.result?.preview.changes.isEmpty == true, "the first draft's result was dropped")
        #expect(runner.take() == nil, "a result is taken once")
        runner.request(current: .standard, edited: slow)
        runner.cancel()
        while runner.isBusy { Thread.sleep(forTimeInterval: 0.005) }
        #expect(runner.take() == nil, "a cancelled request shows nothing")
    }
}
