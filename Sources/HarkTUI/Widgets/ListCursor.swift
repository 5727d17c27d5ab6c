/// The cursor and scroll offset of a list. Every list of the desk moves, pages and scrolls through this one type,
/// so Page Down goes as far on the Queue as on the Calls list and the cursor never leaves the screen.
public struct ListCursor: Sendable, Hashable {
    public private(set) var selected = 0
    /// The first row shown.
    public private(set) var top = 0
    public private(set) var count = 0
    /// Rows shown in the last frame: how far a page move goes.
    public private(set) var page = 1

    public init(count: Int = 0) { self.count = max(0, count) }

    public var isEmpty: Bool { count == 0 }

    /// The list now has `count` rows; the cursor stays on its index, clamped.
    public mutating func setCount(_ count: Int) {
        self.count = max(0, count)
        clamp()
    }

    public mutating func select(_ index: Int) {
        selected = index
        clamp()
    }

    /// Moves for up/down/page/top/bottom; false when the key is not a vertical move or the list is empty.
    @discardableResult
    public mutating func move(_ m: Movement) -> Bool {
        guard count > 0 else { return false }
        switch m {
        case .up: selected -= 1
        case .down: selected += 1
        case .pageUp: selected -= page
        case .pageDown: selected += page
        case .top: selected = 0
        case .bottom: selected = count - 1
        case .left, .right: return false
        }
        clamp()
        return true
    }

    /// Scrolls as little as possible so the cursor's row is one of `visibleRows`, and remembers the page size.
    public mutating func layout(visibleRows: Int) {
        page = max(1, visibleRows)
        if selected < top { top = selected }
        if selected >= top + page { top = selected - page + 1 }
        top = max(0, min(top, max(0, count - page)))
    }

    /// For lists whose rows have different heights (the Review transcript): the first row shown, worked out by
    /// the view, and how many rows a page move goes.
    public mutating func show(from top: Int, page: Int) {
        self.top = max(0, min(top, max(0, count - 1)))
        self.page = max(1, page)
    }

    private mutating func clamp() {
        selected = count == 0 ? 0 : min(max(0, selected), count - 1)
    }
}
