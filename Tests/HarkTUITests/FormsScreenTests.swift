import Foundation
import HarkCore
import HarkStore
@testable import HarkTUI
import Testing

/// The Forms screen as a QA lead uses it, on a real store: the default form's items with how many calls pass
/// each, an item added and previewed over the archive, a bad one refused naming the item, save, undo.
@Suite struct FormsScreenTests {
    static func row(_ frame: CellGrid, _ text: String) -> String? { frame.rowIndex(containing: text).map(frame.row) }

    @Test func addPreviewSaveAndUndoAnItem() throws {
        let s = try StoreDesk()
        s.keys("7")
        var f = s.frame()
        #expect(s.desk.screen == .forms)
        #expect(f.text.contains("QA forms v1"))
        // Every call greets within 20 s; none closes.
        #expect(Self.row(f, "greeting")?.contains("4/4") == true, "\(f.text)")
        #expect(Self.row(f, "closing")?.contains("0/4") == true, "\(f.text)")

        s.keys("l", "a")
        s.desk.handle(Key(name: "C-u")!)
        s.type(#"id = "apology", title = "Apologises", points = 5, require = { terms = ["抱歉"], role = "agent" }"#)
        s.keys("Enter")
        f = s.frame()
        #expect(f.text.contains("draft unsaved"))
        // The three Chinese agents say 非常抱歉; the what-if counts it before anything is saved.
        #expect(Self.row(f, "apology")?.contains("3/4") == true, "\(f.text)")
        #expect(f.text.contains("what-if over 4 calls"), "\(f.text)")
        #expect(try s.store.forms()?.version == 1)

        // A condition naming a category the dictionary lacks is refused in the prompt, naming the item.
        s.keys("a")
        s.desk.handle(Key(name: "C-u")!)
        s.type(#"id = "risk", points = 5, require = { category = "风险提醒" }"#)
        s.keys("Enter")
        f = s.frame()
        #expect(f.text.contains("item \"risk\": require: unknown category \"风险提醒\""), "\(f.text)")
        s.keys("Esc")

        s.keys("w")
        f = s.frame()
        #expect(f.text.contains("saved forms version 2; re-scored 4 calls"), "\(f.text)")
        #expect(try s.store.forms()?.version == 2)
        let form = try #require(try s.store.analysis(of: s.ids[0])?.form)
        #expect(form.items.first { $0.id == "apology" }?.outcome == .passed)
        #expect(Self.row(f, "apology")?.contains("3/4") == true)

        s.keys("u")
        f = s.frame()
        #expect(f.text.contains("restored version 1 as version 3"), "\(f.text)")
        #expect(try s.store.analysis(of: s.ids[0])?.form?.items.contains { $0.id == "apology" } == false)
        #expect(Self.row(f, "apology") == nil)
    }
}
