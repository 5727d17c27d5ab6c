/// A user-facing problem (bad filter, missing call): one line, shown in the status bar.
public struct DeskError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
