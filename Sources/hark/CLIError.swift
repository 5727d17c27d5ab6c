/// A failure while running a command: printed as one line, without the usage text that
import HarkCore
/// `ValidationError` (for bad arguments) brings.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    /// Paths and names inside the message are shown with their control characters escaped.
    init(_ description: String) { self.description = Format.safe(description) }
}
