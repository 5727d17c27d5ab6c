import TOMLKit

/// What every TOML file Hark reads and writes shares: parsing with the file named in the one-line error, and
/// writing a basic string with the escapes the spec requires.
public enum TOMLText {
    /// Parses `toml`; a syntax error becomes `SOURCE: invalid TOML at line N: …`.
    static func parse(_ toml: String, source: String) throws -> TOMLTable {
        do {
            return try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            throw DictionaryTOML.DecodeError(source: source, problem: "invalid TOML at line \(error.source.begin.line): \(error.description)")
        } catch {
            throw DictionaryTOML.DecodeError(source: source, problem: "invalid TOML: \(error)")
        }
    }

    /// A TOML basic string.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
