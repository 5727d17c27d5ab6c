import Foundation
import HarkCore

extension ScreenID { public static let coaching = ScreenID("coaching") }

/// The Coaching screen: pick an agent, mark calls, walk through their flagged moments with the player a few
/// seconds ahead of each, write notes, export the report.
final class CoachingController: ScreenController {
    let id = ScreenID.coaching
    let title = "Coaching"
    private(set) var model = CoachingModel()
    /// The walkthrough's player, apart from Review's so each screen keeps its own call and playhead.
    private(set) var player: PlaybackControlling?
    private var playerCallID: CallID?
    /// Why coaching cannot work with this data source.
    private var unavailable: String?
    private let context: DeskContext
    private var data: CoachingDataSource? { context.data as? CoachingDataSource }
    /// Agents and an agent's ranked calls are read off the main thread: on 100,000 calls one agent has
    /// thousands, each with its markers to read, which froze the keys for seconds.
    private struct Loaded<Value: Sendable>: Sendable {
        var agent: String?
        var value: Value?
        var error: String?
    }
    private let agentsLoader = LatestResult<Loaded<[AgentRow]>>(name: "hark-coaching-agents")
    private let callsLoader = LatestResult<Loaded<[CoachingCallRow]>>(name: "hark-coaching-calls")

    init(_ context: DeskContext) { self.context = context }

    var bindings: [Binding] { model.walkthrough == nil ? pickerBindings : walkthroughBindings }
    var allBindingSets: [[Binding]] { [pickerBindings, walkthroughBindings] }

    private var pickerBindings: [Binding] {
        [
            Binding(.enter, help: "agent → their calls; on a call, open the walkthrough", hint: "walkthrough") { [unowned self] in
                if self.model.focus == .agents {
                    if !self.model.calls.isEmpty { self.model.focus = .calls }
                    return .none
                }
                return self.openWalkthrough()
            },
            Binding(.character("m"), help: "mark / unmark the call for the walkthrough", hint: "mark") { [unowned self] in
                guard let c = self.model.selectedCall else { return .none }
                if self.model.marked.remove(c.call.id) == nil { self.model.marked.insert(c.call.id) }
                self.model.callList.move(.down)
                return .none
            },
        ]
    }

    private var walkthroughBindings: [Binding] {
        [
            Binding(.character("n"), help: "next flagged moment", hint: "next") { [unowned self] in self.step(1) },
            Binding(.character("p"), help: "previous flagged moment", hint: "previous") { [unowned self] in self.step(-1) },
            Binding(.character(" "), help: "play / pause", hint: "play") { [unowned self] in self.player?.toggle(); return .none },
            Binding(.character("e"), help: "write a note at this moment", hint: "note") { [unowned self] in self.notePrompt() },
            Binding(.character("x"), help: "export the coaching report (Markdown + HTML)", hint: "export") { [unowned self] in self.export() },
        ]
    }

    func move(_ movement: Movement) -> Effect {
        guard data != nil else { return .none }
        if model.walkthrough != nil {
            switch movement {
            case .down: return step(1)
            case .up: return step(-1)
            default: return .none
            }
        }
        let before = model.agent
        model.move(movement)
        if model.agent != before {
            model.marked = []
            loadAgentCalls()
        }
        return .none
    }

    func layout(_ rect: Rect) { CoachingView.layout(&model, rect: rect) }

    func render(into grid: inout CellGrid, rect: Rect) {
        if let why = unavailable {
            grid.put(why, x: 1, y: rect.y + 1, Style(.dim))
            return
        }
        let transport = model.walkthrough == nil ? nil : player.map {
            CoachingView.Transport(playing: $0.isPlaying, position: $0.position, muteReason: $0.muteReason)
        }
        CoachingView.render(model, transport: transport, into: &grid, rect: rect)
    }

    /// Refreshes the agent list (and the selected agent's calls) when the screen is shown.
    func shown() -> Effect {
        guard data != nil else { unavailable = "Coaching needs the call store."; return .none }
        guard model.walkthrough == nil else { return .none }
        loadAgents()
        return .none
    }

    func hidden() { player?.pause() }

    /// `q` during a walkthrough closes it and stays on the screen.
    func back() -> Bool {
        guard model.walkthrough != nil else { return false }
        player?.stop()
        player = nil
        model.walkthrough = nil
        loadAgents()
        return true
    }

    func tick() -> Effect? {
        var effect: Effect? = player?.isPlaying == true ? Effect.none : nil
        if let loaded = agentsLoader.take() {
            model.loadingAgents = false
            effect = takeAgents(loaded)
        }
        if let loaded = callsLoader.take(), loaded.agent == model.selectedAgent?.name {
            model.loadingCalls = false
            if let error = loaded.error { return .message("cannot rank the calls: \(error)") }
            let keep = model.selectedCall?.call.id
            model.calls = loaded.value ?? []
            model.call = keep.flatMap { id in model.calls.firstIndex { $0.call.id == id } } ?? 0
            model.marked.formIntersection(model.calls.map(\.call.id))
            effect = effect ?? Effect.none
        }
        return effect
    }

    func close() {
        player?.stop()
        agentsLoader.settle(timeout: 5)
        callsLoader.settle(timeout: 5)
    }

    /// Waits for agents and calls being read: for tests and scripted use.
    func settle(timeout: Double) -> Effect? {
        agentsLoader.settle(timeout: timeout)
        var effect = tick()
        callsLoader.settle(timeout: timeout)
        if let more = tick() { effect = more }
        return effect
    }

    private func loadAgents() {
        guard data != nil else { return }
        model.loadingAgents = true
        let source = context.data
        agentsLoader.request {
            guard let d = source as? CoachingDataSource else { return Loaded() }
            do { return Loaded(value: try d.agents()) } catch { return Loaded(error: "\(error)") }
        }
    }

    private func takeAgents(_ loaded: Loaded<[AgentRow]>) -> Effect {
        if let error = loaded.error { return .message("cannot load agents: \(error)") }
        let selected = model.selectedAgent?.name
        model.agents = loaded.value ?? []
        if let selected, let i = model.agents.firstIndex(where: { $0.name == selected }) { model.agent = i }
        loadAgentCalls()
        return .none
    }

    private func loadAgentCalls() {
        guard let a = model.selectedAgent else { model.calls = []; return }
        model.loadingCalls = true
        if model.calls.first?.call.metadata.agent != a.name { model.calls = [] }
        let source = context.data, name = a.name
        callsLoader.request {
            guard let d = source as? CoachingDataSource else { return Loaded(agent: name) }
            do { return Loaded(agent: name, value: try d.coachingCalls(agent: name)) } catch {
                return Loaded(agent: name, error: "\(error)")
            }
        }
    }

    private func openWalkthrough() -> Effect {
        guard let d = data, let agent = model.selectedAgent else { return .none }
        do {
            let items = try model.walkthroughCalls.compactMap { try d.coachingItem($0) }
            guard !items.isEmpty else { return .message("no call selected") }
            model.walkthrough = Walkthrough(agent: agent.name, items: items)
            seekToMoment()
            return model.walkthrough?.moments.isEmpty ?? true ? .message("no flagged moments in these calls") : .none
        } catch {
            return .message("cannot open the walkthrough: \(error)")
        }
    }

    private func step(_ delta: Int) -> Effect {
        guard var w = model.walkthrough else { return .none }
        guard w.step(by: delta) else { return .message(delta > 0 ? "last flagged moment" : "first flagged moment") }
        model.walkthrough = w
        seekToMoment()
        return .none
    }

    /// Puts the player on the current moment's call, `Walkthrough.leadIn` seconds before it, and plays.
    private func seekToMoment() {
        guard let w = model.walkthrough, let item = w.currentItem, let from = w.playFrom else { return }
        if player == nil || playerCallID != item.call.id {
            player?.stop()
            player = context.makePlayer(item.call)
            playerCallID = item.call.id
        }
        player?.seek(to: from)
        player?.play()
    }

    private func notePrompt() -> Effect {
        guard let w = model.walkthrough, let m = w.current else { return .message("no moment to note") }
        let hint = "Enter saves the note (author, time, call and moment are recorded), Esc cancels"
        return .prompt(PromptRequest(title: "Note on call #\(w.items[m.item].call.id) at \(Format.duration(m.marker.start))",
                                     hint: hint) { [unowned self] text in .done(self.saveNote(text)) })
    }

    private func saveNote(_ text: String) -> Effect {
        guard var w = model.walkthrough, let d = data, let m = w.current else { return .none }
        let body = text.trimmingCharacters(in: .whitespaces)
        guard !body.isEmpty else { return .message("empty note not saved") }
        do {
            let note = try d.addNote(Note(callID: w.items[m.item].call.id, at: m.marker.start, author: d.author,
                                          createdAt: context.now(), text: body))
            w.add(note)
            model.walkthrough = w
            return .message("note saved on call #\(note.callID) at \(Format.duration(note.at))")
        } catch {
            return .message("note not saved: \(error)")
        }
    }

    private func export() -> Effect {
        guard let d = data, let w = model.walkthrough else { return .none }
        do {
            let written = try CoachingExport.write(w.report(author: d.author), folder: context.reportsFolder, at: context.now())
            // One name with both extensions keeps the folder visible in a narrow status bar.
            let stem = (written.first.map { ($0 as NSString).deletingPathExtension }) ?? context.reportsFolder
            return .message("wrote \(stem).{" + written.map { ($0 as NSString).pathExtension }.joined(separator: ",") + "}")
        } catch {
            return .message("export failed: \(error)")
        }
    }
}
