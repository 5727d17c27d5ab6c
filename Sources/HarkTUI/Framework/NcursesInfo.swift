import CNcursesw

/// The ncurses library version this build links against.
public enum NcursesInfo {
    public static var version: String { String(cString: curses_version()) }
}
