/// A one-line modal text prompt. Accepts any UTF-8 the terminal delivers (Chinese typed through an
/// IME arrives as whole characters), edits by character, and scrolls by display width so the cursor
/// stays visible with wide characters.
public struct Prompt: Sendable, Equatable {
    public var title: String
    public var text: [Character]
    public var cursor: Int
    /// Shown under the field (the filter syntax, an error).
    public var hint: String

    public init(title: String, text: String = "", hint: String = "") {
        self.title = title
        self.text = Array(text)
        self.cursor = self.text.count
        self.hint = hint
    }

    public var value: String { String(text) }

    /// What a key did to the prompt.
    public enum Outcome: Equatable, Sendable { case editing, submitted(String), cancelled }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted(value)
        case .escape: return .cancelled
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .backspace, .control("h"):
            if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .control("d"):
            if cursor < text.count { text.remove(at: cursor) }
        case .control("u"): text.removeSubrange(0..<cursor); cursor = 0
        case let .character(c):
            text.insert(c, at: cursor); cursor += 1
        default: break
        }
        return .editing
    }

    /// Draws the prompt box centred in `area`; returns the screen column of the cursor.
    @discardableResult
    public func render(into grid: inout CellGrid, area: Rect) -> (x: Int, y: Int) {
        let box = Box.centred(width: min(area.width, max(40, area.width * 2 / 3)), height: hint.isEmpty ? 3 : 4, in: area)
        let inner = Box.draw(into: &grid, rect: box, title: title)
        guard inner.width > 1 else { return (inner.x, inner.y) }
        // Scroll so the cursor fits: show the widest tail ending at the cursor when needed.
        let fieldWidth = inner.width - 1
        var start = 0
        while DisplayWidth.of(String(text[start..<cursor])) > fieldWidth { start += 1 }
        var visible = ""
        var used = 0
        for c in text[start...] {
            let w = DisplayWidth.of(c)
            if used + w > fieldWidth { break }
            visible.append(c); used += w
        }
        grid.put(visible, x: inner.x, y: inner.y, Style(.text))
        let cx = inner.x + DisplayWidth.of(String(text[start..<cursor]))
        grid.put(cx < grid.width ? String(cx - inner.x < used ? grid[cx, inner.y].character : " ") : " ",
                 x: cx, y: inner.y, Style(.text, .reverse))
        if !hint.isEmpty, inner.height > 1 {
            grid.put(DisplayWidth.truncate(hint, to: inner.width), x: inner.x, y: inner.y + 1, Style(.dim))
        }
        return (cx, inner.y)
    }
}
