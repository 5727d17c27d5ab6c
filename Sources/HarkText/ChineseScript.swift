import COpenCC
import Foundation

/// Traditional → Simplified Chinese conversion through OpenCC.
///
/// Whisper writes Mandarin in either script from one clip to the next; keywords, search and dictionaries
/// are Simplified, so every recognised text passes through here. One converter is shared per process:
/// OpenCC's converter is read-only after opening, and the lock keeps its C state safe from racing threads.
public final class ChineseScript: @unchecked Sendable {
    /// The shared Traditional→Simplified converter, or nil if OpenCC's data files are missing.
    public static let traditionalToSimplified: ChineseScript? = try? ChineseScript(config: "t2s.json")
    /// The shared Simplified→Traditional converter, for centres that read Traditional.
    public static let simplifiedToTraditional: ChineseScript? = try? ChineseScript(config: "s2t.json")

    private let handle: opencc_t
    private let lock = NSLock()

    /// Opens an OpenCC configuration by name (looked up in OpenCC's data folder) or path.
    public init(config: String) throws {
        let h = opencc_open(config)
        // OpenCC signals failure with (opencc_t)-1.
        guard let h, Int(bitPattern: h) != -1 else {
            throw TextError.openCCUnavailable(config: config, reason: String(cString: opencc_error()))
        }
        handle = h
    }

    deinit { opencc_close(handle) }

    /// The text converted; text OpenCC cannot convert comes back unchanged.
    public func convert(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        lock.lock()
        defer { lock.unlock() }
        let utf8 = Array(text.utf8)
        let out = utf8.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { opencc_convert_utf8(handle, $0.baseAddress, buf.count) }
        }
        guard let out else { return text }
        defer { opencc_convert_utf8_free(out) }
        return String(cString: out)
    }
}

/// Errors of the text module.
public enum TextError: Error, CustomStringConvertible {
    case openCCUnavailable(config: String, reason: String)

    public var description: String {
        switch self {
        case let .openCCUnavailable(config, reason):
            return "OpenCC configuration \(config) cannot be opened: \(reason) (install libopencc-data)"
        }
    }
}
