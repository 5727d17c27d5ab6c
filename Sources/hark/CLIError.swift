/// A failure while running a command: printed as one line, without the usage text that
/// `ValidationError` (for bad arguments) brings.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
