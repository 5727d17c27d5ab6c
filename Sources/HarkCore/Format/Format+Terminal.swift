/// Text bound for a terminal, from file names, sidecar fields or transcripts the user did not write.
extension Format {
    /// Control characters (C0, DEL, C1) shown as escapes (`\e`, `\n`, `\x07`), so `\e[2J` in an agent's name
    /// cannot clear the screen and a newline cannot forge a line. `keepNewlines` for multi-line text such as a report.
    public static func safe(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            guard isControl(s), !(keepNewlines && s == "\n") else { out.append(s); continue }
            let shown: String
            switch s {
            case "\u{1B}": shown = "\\e"
            case "\n": shown = "\\n"
            case "\r": shown = "\\r"
            case "\t": shown = "\\t"
            default: shown = hexEscape(s.value)
            }
            out.append(contentsOf: shown.unicodeScalars)
        }
        return String(out)
    }

    /// A path's bytes for a terminal: UTF-8 where they decode, each byte that does not as `\xB2` (a GBK name
    /// from a Windows share reads `\xB2\xE2\xCA\xD4.wav`, never U+FFFD or raw bytes that upset the terminal),
    /// and control characters escaped as `safe` does.
    public static func path(_ bytes: some Collection<UInt8>) -> String {
        var out = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var at = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &input) {
            case let .valid(encoded):
                out.append(Unicode.UTF8.decode(encoded))
                at = bytes.index(at, offsetBy: encoded.count)
            case let .error(length):
                // Results cover the input in order, so `at` follows the parser: these are the ill-formed bytes.
                for byte in bytes[at...].prefix(length) { out.append(contentsOf: hexEscape(UInt32(byte)).unicodeScalars) }
                at = bytes.index(at, offsetBy: length)
            case .emptyInput:
                return safe(String(out))
            }
        }
    }

    private static func hexEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "\\x" + (hex.count < 2 ? "0" + hex : hex)
    }

    public static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }
}
