/// Cursor movement, bound once for every screen (arrows, vim keys, page keys) and handled by the screen's
/// focused list.
public enum Movement: Sendable, Hashable, CaseIterable {
    case up, down, left, right, pageUp, pageDown, top, bottom
}
