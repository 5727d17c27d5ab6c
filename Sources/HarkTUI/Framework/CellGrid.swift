/// One terminal cell: a character and its style. The right half of a wide (two-column) character is
/// a `continuation` cell, so every row always has exactly `width` cells and columns line up.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style
    /// True for the second column of a wide character; the terminal skips it when drawing.
    public var continuation: Bool

    public init(_ character: Character = " ", _ style: Style = .plain, continuation: Bool = false) {
        self.character = character
        self.style = style
        self.continuation = continuation
    }

    public static let blank = Cell()
}

/// A rectangle of the screen, in cells.
public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    /// The rect shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
    /// Splits off the top `rows` rows, returning (top, rest).
    public func splitTop(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r), Rect(x: x, y: y + r, width: width, height: height - r))
    }
    /// Splits off the right `columns` columns, returning (left, right).
    public func splitRight(_ columns: Int) -> (Rect, Rect) {
        let c = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: width - c, height: height), Rect(x: maxX - c, y: y, width: c, height: height))
    }
}

/// The frame screens render into: a width × height grid of cells, drawn to the terminal by
/// `Terminal` and read directly by tests. Writing clips to the grid and to an optional rect, and
/// never splits a wide character (a wide character that would straddle the clip edge becomes a space).
public struct CellGrid: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Clears every cell to a blank in `style`.
    public mutating func clear(_ style: Style = .plain) {
        for i in cells.indices { cells[i] = Cell(" ", style) }
    }

    /// Fills `rect` with `character` in `style`.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", _ style: Style = .plain) {
        let r = clip(rect)
        guard r.width > 0 else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { self[x, y] = Cell(character, style) } }
    }

    /// Writes `text` at (x, y) and returns the column after the last cell written. Text past
    /// `limit` (exclusive column, default the grid's right edge) is cut.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, _ style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let edge = min(limit ?? width, width)
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 {
                if ch == "\t" { col = put(" ", x: col, y: y, style, limit: edge) }
                continue
            }
            if col + w > edge {
                // A wide character cut at the edge leaves a visible space, not half a glyph.
                if col < edge && col >= 0 { self[col, y] = Cell(" ", style) ; col += 1 }
                break
            }
            if col >= 0 {
                breakWide(at: col, y: y)
                if w == 2 { breakWide(at: col + 1, y: y) }
                self[col, y] = Cell(ch, style)
                if w == 2 { self[col + 1, y] = Cell(" ", style, continuation: true) }
            }
            col += w
        }
        return col
    }

    /// Writes styled spans one after another; returns the column after the last.
    @discardableResult
    public mutating func put(_ spans: [Span], x: Int, y: Int, limit: Int? = nil) -> Int {
        var col = x
        for s in spans { col = put(s.text, x: col, y: y, s.style, limit: limit) }
        return col
    }

    /// Overwriting one half of a wide character must blank its other half, or the terminal would
    /// show a stray half-glyph.
    private mutating func breakWide(at x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        let cell = self[x, y]
        if cell.continuation, x > 0 {
            self[x - 1, y] = Cell(" ", self[x - 1, y].style)
        } else if !cell.continuation, DisplayWidth.of(cell.character) == 2, x + 1 < width {
            self[x + 1, y] = Cell(" ", self[x + 1, y].style)
        }
    }

    /// Applies `attributes`/`role` to existing cells of a rect (selection bars, highlights).
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let r = clip(rect)
        guard r.width > 0 else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { self[x, y].style = transform(self[x, y].style) } }
    }

    /// The text of row `y` as a terminal would show it (continuation cells skipped).
    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].continuation { s.append(self[x, y].character) }
        return s
    }

    /// Every row, right-trimmed, joined by newlines: what `tmux capture-pane -p` would print.
    public var text: String {
        (0..<height).map { row($0).replacingTrailingSpaces() }.joined(separator: "\n")
    }

    /// The column of the first occurrence of `needle` in row `y`, in display columns.
    public func column(of needle: String, inRow y: Int) -> Int? {
        let line = row(y)
        guard let r = line.range(of: needle) else { return nil }
        return DisplayWidth.of(line[line.startIndex..<r.lowerBound])
    }

    /// The first row containing `needle`.
    public func rowIndex(containing needle: String) -> Int? {
        (0..<height).first { row($0).contains(needle) }
    }

    private func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}

/// A run of text in one style: the unit of styled, wrappable text.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
