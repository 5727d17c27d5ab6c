/// A file system path as the OS gives it: bytes. Linux names are bytes, not text, and a name copied from a
/// Windows share is often GBK; a `String` path cannot hold those bytes (decoding replaces them with U+FFFD),
/// so everything that opens a recording again goes through one of these.
public struct RawPath: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public let bytes: [UInt8]

    public init(bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// A path that is text already (what the user typed, a stored UTF-8 path).
    public init(_ path: String) {
        bytes = Array(path.utf8)
    }

    /// The path as a `String` when its bytes are UTF-8; nil when no `String` can name the file.
    public var string: String? { String(validating: bytes, as: UTF8.self) }

    /// True when a `String` reproduces the bytes exactly.
    public var isUTF8: Bool { string != nil }

    /// The path as text for people and for the store's readable column: itself when it is UTF-8, else with
    /// every undecodable byte escaped (`\xB2`) by `Format.path`.
    public var text: String { string ?? Format.path(bytes) }

    public var description: String { Format.path(bytes) }

    /// The bytes as a NUL-terminated C string, for open(2), stat(2), sf_open and friends.
    public func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    private static let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")

    public var isAbsolute: Bool { bytes.first == Self.slash }

    /// `self/name`.
    public func appending(_ name: some Collection<UInt8>) -> RawPath {
        RawPath(bytes: bytes.last == Self.slash ? bytes + name : bytes + [Self.slash] + name)
    }

    /// The last component's bytes ("a/b.wav" → "b.wav").
    public var lastComponent: ArraySlice<UInt8> {
        guard let cut = bytes.lastIndex(of: Self.slash) else { return bytes[...] }
        return bytes[(cut + 1)...]
    }

    /// The extension of the last component, lowercased ("" when it has none, or it is not ASCII).
    public var pathExtension: String {
        let name = lastComponent
        guard let dot = name.lastIndex(of: Self.dot), dot > name.startIndex else { return "" }
        let ext = name[(dot + 1)...]
        guard ext.allSatisfy({ $0 < 0x80 }) else { return "" }
        return String(decoding: ext, as: UTF8.self).lowercased()
    }

    /// The path with its last component's extension (and its dot) taken off.
    public var deletingPathExtension: RawPath {
        let name = lastComponent
        guard let dot = name.lastIndex(of: Self.dot), dot > name.startIndex else { return self }
        return RawPath(bytes: bytes[..<dot])
    }

    /// "." and empty components dropped and ".." taken back lexically, as `URL.standardized` does for a
    /// `String` path; an absolute path stays absolute. Symbolic links are not resolved.
    public var standardized: RawPath {
        var parts: [ArraySlice<UInt8>] = []
        for part in bytes.split(separator: Self.slash, omittingEmptySubsequences: true) {
            if part.elementsEqual([Self.dot]) { continue }
            if part.elementsEqual([Self.dot, Self.dot]), let last = parts.last, !last.elementsEqual([Self.dot, Self.dot]) {
                parts.removeLast()
                continue
            }
            if part.elementsEqual([Self.dot, Self.dot]), isAbsolute { continue }
            parts.append(part)
        }
        let joined = Array(parts.joined(separator: [Self.slash]))
        return RawPath(bytes: isAbsolute ? [Self.slash] + joined : joined)
    }
}
