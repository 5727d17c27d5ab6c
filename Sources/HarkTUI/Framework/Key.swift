/// A decoded key press. `Terminal` turns ncurses codes into these; tests create them directly.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, backTab, backspace, delete, escape
    /// Ctrl + letter (lowercase).
    case control(Character)
    case function(Int)
    case resize

    /// Parses a key name as used in tests and help: "j", "Up", "PgDn", "Enter", "C-l", "F1".
    public init?(name: String) {
        switch name {
        case "Up": self = .up
        case "Down": self = .down
        case "Left": self = .left
        case "Right": self = .right
        case "PgUp": self = .pageUp
        case "PgDn": self = .pageDown
        case "Home": self = .home
        case "End": self = .end
        case "Enter": self = .enter
        case "Tab": self = .tab
        case "S-Tab": self = .backTab
        case "Esc": self = .escape
        case "Space": self = .character(" ")
        case "BSpace": self = .backspace
        default:
            if name.hasPrefix("C-"), name.count == 3, let c = name.last { self = .control(c); return }
            if name.hasPrefix("F"), let n = Int(name.dropFirst()) { self = .function(n); return }
            guard name.count == 1, let c = name.first else { return nil }
            self = .character(c)
        }
    }

    /// How help shows the key.
    public var label: String {
        switch self {
        case let .character(c): return c == " " ? "Space" : String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .escape: return "Esc"
        case let .control(c): return "C-\(c)"
        case let .function(n): return "F\(n)"
        case .resize: return "resize"
        }
    }
}
