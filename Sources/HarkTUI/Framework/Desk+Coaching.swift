import Foundation
import HarkCore

/// The Coaching screen's keys: pick an agent, mark calls, walk through their flagged moments with the
/// player a few seconds ahead of each, write notes, export the report.
extension Desk {
    var coachingData: CoachingDataSource? { data as? CoachingDataSource }

    /// Refreshes the agent list (and the selected agent's calls) when the screen is shown.
    func loadCoaching() {
        guard let d = coachingData else { unavailable[.coaching] = "Coaching needs the call store."; return }
        guard coaching.walkthrough == nil else { return }
        do {
            let selected = coaching.selectedAgent?.name
            coaching.agents = try d.agents()
            if let selected, let i = coaching.agents.firstIndex(where: { $0.name == selected }) { coaching.agent = i }
            coaching.agent = min(coaching.agent, max(0, coaching.agents.count - 1))
            try loadAgentCalls()
        } catch {
            message = "cannot load agents: \(error)"
        }
    }

    private func loadAgentCalls() throws {
        guard let d = coachingData, let a = coaching.selectedAgent else { coaching.calls = []; return }
        let keep = coaching.selectedCall?.call.id
        coaching.calls = try d.coachingCalls(agent: a.name)
        coaching.call = keep.flatMap { id in coaching.calls.firstIndex { $0.call.id == id } } ?? 0
        coaching.marked.formIntersection(coaching.calls.map(\.call.id))
    }

    func coachingAction(_ action: Action, page: Int) {
        guard coachingData != nil else { return }
        if coaching.walkthrough != nil { walkthroughAction(action); return }
        switch action {
        case .open:
            if coaching.focus == .agents {
                if !coaching.calls.isEmpty { coaching.focus = .calls }
            } else {
                openWalkthrough()
            }
        case .mark:
            guard let c = coaching.selectedCall else { return }
            if coaching.marked.remove(c.call.id) == nil { coaching.marked.insert(c.call.id) }
            coaching.move(.down, page: page)
        case .nextMoment, .note, .exportReport, .playPause, .previousMoment:
            message = "open a walkthrough first: pick a call and press Enter"
        default:
            let before = coaching.agent
            coaching.move(action, page: page)
            if coaching.agent != before {
                coaching.marked = []
                do { try loadAgentCalls() } catch { message = "\(error)" }
            }
        }
    }

    private func openWalkthrough() {
        guard let d = coachingData, let agent = coaching.selectedAgent else { return }
        do {
            let items = try coaching.walkthroughCalls.compactMap { try d.coachingItem($0) }
            guard !items.isEmpty else { message = "no call selected"; return }
            coaching.walkthrough = Walkthrough(agent: agent.name, items: items)
            seekToMoment()
            if coaching.walkthrough?.moments.isEmpty ?? true { message = "no flagged moments in these calls" }
        } catch {
            message = "cannot open the walkthrough: \(error)"
        }
    }

    func closeWalkthrough() {
        coachPlayer?.stop()
        coachPlayer = nil
        coaching.walkthrough = nil
        loadCoaching()
    }

    private func walkthroughAction(_ action: Action) {
        guard var w = coaching.walkthrough else { return }
        switch action {
        case .nextMoment, .down:
            if w.step(by: 1) { coaching.walkthrough = w; seekToMoment() } else { message = "last flagged moment" }
        case .previousMoment, .up:
            if w.step(by: -1) { coaching.walkthrough = w; seekToMoment() } else { message = "first flagged moment" }
        case .playPause: coachPlayer?.toggle()
        case .note:
            guard let m = w.current else { message = "no moment to note"; return }
            overlay = .prompt(Prompt(title: "Note on call #\(w.items[m.item].call.id) at \(Format.duration(m.marker.start))",
                                     hint: promptHint(.note)), .note)
        case .exportReport: exportReport(w)
        default: break
        }
    }

    /// Puts the player on the current moment's call, `Walkthrough.leadIn` seconds before it, and plays.
    private func seekToMoment() {
        guard let w = coaching.walkthrough, let item = w.currentItem, let from = w.playFrom else { return }
        if coachPlayer == nil || coachCallID != item.call.id {
            coachPlayer?.stop()
            coachPlayer = makePlayer(item.call)
            coachCallID = item.call.id
        }
        coachPlayer?.seek(to: from)
        coachPlayer?.play()
    }

    func submitNote(_ text: String) {
        guard var w = coaching.walkthrough, let d = coachingData, let m = w.current else { return }
        let body = text.trimmingCharacters(in: .whitespaces)
        guard !body.isEmpty else { message = "empty note not saved"; return }
        do {
            let note = try d.addNote(Note(callID: w.items[m.item].call.id, at: m.marker.start, author: d.author,
                                          createdAt: now(), text: body))
            w.add(note)
            coaching.walkthrough = w
            message = "note saved on call #\(note.callID) at \(Format.duration(note.at))"
        } catch {
            message = "note not saved: \(error)"
        }
    }

    private func exportReport(_ w: Walkthrough) {
        guard let d = coachingData else { return }
        do {
            let written = try CoachingExport.write(w.report(author: d.author), folder: reportsFolder, at: now())
            // One name with both extensions keeps the folder visible in a narrow status bar.
            let stem = (written.first.map { ($0 as NSString).deletingPathExtension }) ?? reportsFolder
            message = "wrote \(stem).{" + written.map { ($0 as NSString).pathExtension }.joined(separator: ",") + "}"
        } catch {
            message = "export failed: \(error)"
        }
    }
}
