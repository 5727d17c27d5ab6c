import Foundation
import HarkCore

/// Command-line arguments as bytes. Swift decodes argv into `CommandLine.arguments` lossily (a GBK file name
/// arrives with U+FFFD in place of its bytes), so a path argument is looked up again in the raw argv.
enum RawArguments {
    /// The raw argv entry that `argument` was decoded from, or `argument` itself when it is exact UTF-8.
    static func path(_ argument: String) -> RawPath {
        guard argument.unicodeScalars.contains("\u{FFFD}") else { return RawPath(argument) }
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: strlen(pointer) + 1) {
                Array(UnsafeBufferPointer(start: $0, count: strlen(pointer)))
            }
            // Compared as UTF-8, not as String: `==` would also match a differently normalised spelling.
            if String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(argument.utf8) { return RawPath(bytes: bytes) }
        }
        return RawPath(argument)
    }
}
