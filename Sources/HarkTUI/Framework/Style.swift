import HarkCore

/// What a cell means, not what colour it is: screens paint with roles and the `Theme` decides the
/// colours, so one renderer serves every theme and tests can assert on meaning.
public enum StyleRole: Hashable, Sendable {
    case text
    case dim
    case title
    case header
    case border
    case selection
    case statusBar
    case searchHit
    case playhead
    case gap
    case good
    case warn
    case bad
    case speaker(Speaker)
    /// A marker tick or highlight; the theme looks up `kind_polarity`, then `kind`, then `polarity`.
    case marker(MarkerKind, Polarity)
    /// A keyword category's colour name (`KeywordCategory.color`: "negative", "business", ...).
    case category(String)
    /// A language or dialect tag ("yue", "en", "zh").
    case language(String)
    case status(CallStatus)
}

/// Text attributes a cell can carry on top of its role's colours.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let reverse = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let dim = TextAttributes(rawValue: 8)
}

/// A role plus extra attributes: everything a renderer says about a cell's look.
public struct Style: Hashable, Sendable {
    public var role: StyleRole
    public var attributes: TextAttributes

    public init(_ role: StyleRole = .text, _ attributes: TextAttributes = []) {
        self.role = role
        self.attributes = attributes
    }

    public static let plain = Style()

    /// The same role with `extra` attributes added.
    public func with(_ extra: TextAttributes) -> Style { Style(role, attributes.union(extra)) }
}
