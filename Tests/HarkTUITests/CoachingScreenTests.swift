import Foundation
import HarkCore
import HarkStore
@testable import HarkTUI
import Testing

@Suite struct CoachingScreenTests {
    @Test func agentsAndTheirCallsRankedByCoachingValue() throws {
        let s = try StoreDesk()
        s.keys("6")
        var g = s.frame()
        #expect(s.desk.coaching.agents.map(\.name) == ["Alice", "王芳"])
        s.keys("j")
        g = s.frame()
        #expect(g.text.contains("王芳: 3 calls ranked by coaching value"))
        // The complaint and the slow, unhappy call outrank the resolved one.
        let ranked = s.desk.coaching.calls.map(\.call.metadata.customer)
        #expect(ranked.last == "陈女士")
        #expect(s.desk.coaching.calls.map(\.value) == s.desk.coaching.calls.map(\.value).sorted(by: >))
        let complaint = g.rowIndex(containing: "李先生")!
        #expect(s.desk.coaching.calls.first { $0.call.metadata.customer == "李先生" }?.issues.contains("投诉") == true)
        #expect(g.row(complaint).contains("risk"))
        // m marks calls for the walkthrough.
        s.keys("Enter", "m", "m")
        g = s.frame()
        #expect(g.text.contains("2 marked"))
        #expect(s.desk.coaching.walkthroughCalls == Array(s.desk.coaching.calls.prefix(2).map(\.call.id)))
    }

    @Test func walkthroughStepsThroughMomentsSeeksAheadAndStoresNotes() throws {
        let s = try StoreDesk()
        s.keys("6", "j", "Enter", "m", "m", "Enter")
        guard let w = s.desk.coaching.walkthrough else { Issue.record("no walkthrough"); return }
        #expect(w.items.count == 2)
        #expect(!w.moments.isEmpty)
        #expect(w.moments.allSatisfy { $0.marker.polarity == .negative && !$0.marker.negated })
        var g = s.frame()
        #expect(g.text.contains("Walkthrough · 王芳 · 2 calls · moment 1/\(w.moments.count)"))
        #expect(g.text.contains("Session summary"))
        // The player sits a few seconds before the moment, playing.
        let first = w.moments[0].marker
        #expect(s.desk.coachPlayer?.isPlaying == true)
        #expect(abs((s.desk.coachPlayer?.position ?? -1) - max(0, first.start - Walkthrough.leadIn)) < 0.01)
        // The explanation and the transcript line of the moment are shown.
        #expect(g.text.contains(first.explanation))

        s.keys("n")
        #expect(s.desk.coaching.walkthrough?.index == 1)
        let second = s.desk.coaching.walkthrough!.current!.marker
        #expect(abs((s.desk.coachPlayer?.position ?? -1) - max(0, second.start - Walkthrough.leadIn)) < 0.01)
        s.keys("p")
        #expect(s.desk.coaching.walkthrough?.index == 0)
        s.keys("p")
        #expect(s.desk.message == "first flagged moment")

        s.keys("e")
        #expect(s.frame().text.contains("Note on call #\(w.items[0].call.id)"))
        s.type("先道歉，再给处理时限")
        s.keys("Enter")
        let notes = try s.store.notes(of: w.items[0].call.id)
        #expect(notes.count == 1)
        #expect(notes.first?.at == first.start && notes.first?.text == "先道歉，再给处理时限")
        #expect(notes.first?.author == StoreDeskData(store: s.store).author)
        g = s.frame()
        #expect(g.text.contains("☐ #\(w.items[0].call.id)"))
        #expect(g.text.contains("先道歉，再给处理时限"))

        s.keys("x")
        let written = try FileManager.default.contentsOfDirectory(atPath: s.dir.path("reports")).sorted()
        #expect(written.count == 2 && written.allSatisfy { $0.hasPrefix("coaching-王芳-") }, "\(written)")
        #expect(Set(written.map { ($0 as NSString).pathExtension }) == ["md", "html"])
        #expect(s.desk.message?.hasPrefix("wrote \(s.dir.path("reports"))/coaching-王芳-") == true)
        let md = try String(contentsOfFile: s.dir.path("reports") + "/" + written.first { $0.hasSuffix(".md") }!, encoding: .utf8)
        #expect(md.contains("- [ ] 先道歉，再给处理时限"))
        #expect(!md.contains("13812345678"))

        // q leaves the walkthrough (stopping its player), a second q leaves the screen.
        s.keys("q")
        #expect(s.desk.coaching.walkthrough == nil && s.desk.coachPlayer == nil)
        #expect(s.desk.screen == .coaching)
        s.keys("q")
        #expect(s.desk.screen == .calls)
    }

    @Test func walkthroughFitsA60ColumnTerminal() throws {
        let s = try StoreDesk()
        s.keys("6", "j", "Enter", "Enter")
        for (w, h) in [(60, 15), (120, 40)] {
            let g = s.frame(width: w, height: h)
            for y in 0..<h { #expect(DisplayWidth.of(g.row(y)) == w) }
            #expect(g.text.contains("moment 1/"))
        }
        #expect(!s.frame(width: 60, height: 15).text.contains("Session summary"))
    }
}
