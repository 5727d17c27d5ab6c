import HarkCore

extension ScreenID { public static let review = ScreenID("review") }

/// The Review screen: one call's transcript in step with its audio, the timeline of markers, the score's
/// evidence. The player is read once per frame (cmus's one snapshot per frame); keys drive it here.
final class ReviewController: ScreenController {
    let id = ScreenID.review
    let title = "Review"
    private(set) var model: ReviewModel?
    private(set) var player: PlaybackControlling?
    private let context: DeskContext

    init(_ context: DeskContext) { self.context = context }

    /// Opens `id` with a fresh player; `.none` when it opened.
    func open(_ id: CallID) -> Effect {
        do {
            guard let d = try context.data.review(of: id) else { return .message("call \(id) not found") }
            player?.stop()
            player = context.makePlayer(d.call)
            model = ReviewModel(data: d)
            return .none
        } catch {
            return .message("cannot open call \(id): \(error)")
        }
    }

    var bindings: [Binding] {
        [
            Binding(.character(" "), help: "play / pause", hint: "play") { [unowned self] in
                guard let player = self.player else { return .message("no player") }
                player.toggle()
                self.model?.follow = true
                return .none
            },
            Binding(.left, .character("h"), help: "seek back 5 s", hint: "−5 s") { [unowned self] in self.seek(by: -5) },
            Binding(.right, .character("l"), help: "seek forward 5 s", hint: "+5 s") { [unowned self] in self.seek(by: 5) },
            Binding(.character("["), help: "previous marker", hint: "marker") { [unowned self] in self.jump(self.model?.previousMarker(), "earlier") },
            Binding(.character("]"), help: "next marker") { [unowned self] in self.jump(self.model?.nextMarker(), "later") },
            Binding(.enter, help: "seek to the line / the selected evidence", hint: "seek") { [unowned self] in self.seekToCursor() },
            Binding(.character("e"), help: "switch pane: transcript ↔ evidence", hint: "evidence") { [unowned self] in
                guard let pane = self.model?.pane else { return .none }
                self.model?.pane = pane == .transcript ? .evidence : .transcript
                return .none
            },
            Binding(.character("s"), help: "solo agent / customer / both", hint: "solo") { [unowned self] in
                guard let player = self.player else { return .message("no player") }
                let next = player.solo.next
                player.setSolo(next)
                return .message("solo: \(next.rawValue)")
            },
            Binding(.character("R"), help: "swap agent and customer (a mono call's inferred roles; re-analyses it)") {
                [unowned self] in self.swapRoles()
            },
            Binding(.character("+"), .character("="), help: "faster", hint: "speed") { [unowned self] in self.speed(1) },
            Binding(.character("-"), help: "slower") { [unowned self] in self.speed(-1) },
        ]
    }

    private func seek(to t: Double) {
        guard let at = model?.seek(t) else { return }
        player?.seek(to: at)
    }

    private func seek(by delta: Double) -> Effect {
        guard let m = model else { return .none }
        seek(to: m.position + delta)
        return .none
    }

    private func jump(_ marker: Marker?, _ direction: String) -> Effect {
        guard model != nil else { return .none }
        guard let m = marker else { return .message("no \(direction) marker") }
        seek(to: m.start)
        return .message("\(m.kind.rawValue): \(m.explanation)")
    }

    private func swapRoles() -> Effect {
        guard let call = model?.data.call else { return .none }
        guard call.roles != nil else { return .message("this call's channels are its roles: nothing to swap") }
        do {
            let roles = try context.data.swapRoles(of: call.id)
            let position = player?.position ?? 0
            _ = open(call.id)
            seek(to: position)
            return .all([.reload, .message("agent and customer swapped (\(roles.label)); re-analysing the call")])
        } catch {
            return .message("\(error)")
        }
    }

    private func seekToCursor() -> Effect {
        guard let m = model else { return .none }
        if m.pane == .evidence {
            guard let row = m.evidence[safe: m.evidenceList.selected] else { return .none }
            switch row {
            case let .item(i):
                guard let at = i.at else { return .message("\(i.title): \(i.summary)") }
                seek(to: at)
                return .message("\(i.title): \(i.summary)")
            case let .point(e):
                seek(to: e.at)
                return .message(e.reason)
            }
        }
        seek(to: m.start(ofItem: m.lines.selected))
        return .none
    }

    private func speed(_ step: Int) -> Effect {
        guard let player else { return .message("no player") }
        let steps = [0.75, 1.0, 1.25, 1.5, 2.0]
        let i = steps.firstIndex { $0 >= player.speed - 0.01 } ?? 1
        let next = steps[min(steps.count - 1, max(0, i + step))]
        player.setSpeed(next)
        return .message("speed \(next)×")
    }

    func move(_ movement: Movement) -> Effect { model?.move(movement); return .none }

    func layout(_ rect: Rect) {
        guard var m = model else { return }
        if let p = player { m.setPosition(p.position) }
        ReviewView.layout(&m, rect: rect)
        model = m
    }

    func render(into grid: inout CellGrid, rect: Rect) {
        guard let m = model else {
            grid.put("No call open — pick one on the Calls screen (1) and press Enter.", x: 1, y: rect.y + 1, Style(.dim))
            return
        }
        let transport = ReviewView.Transport(playing: player?.isPlaying ?? false, speed: player?.speed ?? 1,
                                             solo: player?.solo ?? .both,
                                             muteReason: player == nil ? "no player" : player?.muteReason)
        ReviewView.render(m, transport: transport, into: &grid, rect: rect)
    }

    func hidden() { player?.pause() }

    /// A live call's transcript grows while it is open; when it ends its final transcript replaces it.
    func archiveChanged() {
        guard let model, model.data.call.status == .live,
              let fresh = try? context.data.review(of: model.data.call.id) else { return }
        self.model = model.refreshed(with: fresh)
    }
    func tick() -> Effect? { player?.isPlaying == true ? Effect.none : nil }
    func close() { player?.stop() }
}
