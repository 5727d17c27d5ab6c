/// One screen of the desk. It owns its model and declares its keys with their handlers; each frame the desk
/// calls `layout` (which may fix the cursor and scroll for the size) and then `render`, which draws the model as
/// it is. Screens talk to the desk only through the `Effect`s their handlers return.
protocol ScreenController: AnyObject {
    var id: ScreenID { get }
    var title: String { get }
    /// The keys this screen binds now (some screens have modes); they win over the desk's global keys, but
    /// may only shadow movement keys (`DeskKeys.conflicts` checks).
    var bindings: [Binding] { get }
    /// Every set of bindings the screen can show, for the key-conflict check.
    var allBindingSets: [[Binding]] { get }
    /// Arrow, vim and page keys for the focused list.
    func move(_ movement: Movement) -> Effect
    /// Fixes cursor and scroll for this frame's body.
    func layout(_ rect: Rect)
    func render(into grid: inout CellGrid, rect: Rect)
    /// The screen came to the front.
    func shown() -> Effect
    /// The screen left the front (its player pauses).
    func hidden()
    /// `q` on this screen: true when the screen handled it itself (closing a walkthrough).
    func back() -> Bool
    /// Work of the screen's own between keys (a finished preview, a playing player): nil when nothing changed,
    /// else what to do before the redraw (often `.none`).
    func tick() -> Effect?
    /// Calls or jobs changed in the store.
    func archiveChanged()
    /// The desk just polled the store (every `pollInterval`): a screen with store state of its own to follow
    /// (rescore progress) reads it now. True when a redraw is due.
    func storePolled() -> Bool
    /// The desk is closing.
    func close()
}

extension ScreenController {
    var allBindingSets: [[Binding]] { [bindings] }
    func move(_ movement: Movement) -> Effect { .none }
    func shown() -> Effect { .none }
    func hidden() {}
    func back() -> Bool { false }
    func tick() -> Effect? { nil }
    func archiveChanged() {}
    func storePolled() -> Bool { false }
    func close() {}
}
