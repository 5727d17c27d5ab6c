/// A screen's identity. Each screen declares its own (`extension ScreenID { static let calls = … }` beside its
/// controller); the desk's registration order gives the Tab order and the number keys.
public struct ScreenID: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
}
