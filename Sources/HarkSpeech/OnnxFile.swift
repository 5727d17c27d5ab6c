import Foundation

/// What a cheap look at an `.onnx` file's outer protobuf layer tells us, without loading it.
///
/// sherpa-onnx returns NULL for a file that fails to parse, but it calls `exit()` when a file parses yet
/// lacks the metadata its model class needs (a VAD file given as a Whisper encoder, say), taking the whole
/// app down. So every model is checked here first: the top-level fields must end exactly at end of file
/// (catches truncation and Git LFS pointers), a graph must be present, and the caller checks the metadata.
struct OnnxFile {
    let path: String
    /// `metadata_props` of the ModelProto (sherpa-onnx keeps its model parameters there).
    let metadata: [String: String]
    /// Names of the graph's inputs; read only when asked (it means reading the whole graph).
    let inputs: [String]

    /// Anything smaller is surely not one of the models we run.
    static let minimumSize = 1024

    // ModelProto / GraphProto / ValueInfoProto field numbers from onnx.proto.
    private static let graphField = 7, metadataField = 14, graphInputField = 11, nameField = 1

    static func inspect(_ path: String, readInputs: Bool = false) throws -> OnnxFile {
        // Models are often symlinked from a shared mirror: measure the file, not the link.
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved) else {
            throw SpeechError.missingModel(path: path)
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size >= minimumSize else {
            throw SpeechError.brokenModel(path: path, reason: "only \(size) bytes")
        }
        guard let handle = FileHandle(forReadingAtPath: resolved) else {
            throw SpeechError.brokenModel(path: path, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        var reader = ProtobufFileReader(handle: handle, size: size)
        var metadata: [String: String] = [:]
        var inputs: [String] = []
        var sawGraph = false
        do {
            while reader.offset < size {
                let (field, wireType) = try reader.key()
                switch wireType {
                case 0: _ = try reader.varint()
                case 1: try reader.skip(8)
                case 5: try reader.skip(4)
                case 2:
                    let length = try reader.varint()
                    guard length <= size - reader.offset else { throw ProtobufError.truncated }
                    if field == metadataField {
                        let entry = try ProtobufMessage(reader.read(length))
                        if let key = entry.strings[1]?.first { metadata[key] = entry.strings[2]?.first ?? "" }
                    } else if field == graphField {
                        sawGraph = true
                        if readInputs {
                            let graph = try ProtobufMessage(reader.read(length), keep: [graphInputField])
                            inputs = try graph.messages[graphInputField, default: []].compactMap {
                                try ProtobufMessage($0).strings[nameField]?.first
                            }
                        } else {
                            try reader.skip(length)
                        }
                    } else {
                        try reader.skip(length)
                    }
                default: throw ProtobufError.malformed
                }
            }
        } catch ProtobufError.truncated {
            throw SpeechError.brokenModel(path: path, reason: "truncated (file ends inside a field)")
        } catch is ProtobufError {
            throw SpeechError.brokenModel(path: path, reason: "not an ONNX model")
        }
        guard sawGraph else { throw SpeechError.brokenModel(path: path, reason: "not an ONNX model (no graph)") }
        return OnnxFile(path: path, metadata: metadata, inputs: inputs)
    }

    /// Throws naming the first of `keys` the model's metadata lacks.
    func require(metadata keys: [String], for kind: String) throws {
        if let missing = keys.first(where: { metadata[$0] == nil }) {
            throw SpeechError.brokenModel(path: path, reason: "not a \(kind) (metadata has no '\(missing)')")
        }
    }
}

enum ProtobufError: Error { case truncated, malformed }

/// Reads protobuf keys and varints from a file, seeking over large fields instead of reading them.
private struct ProtobufFileReader {
    let handle: FileHandle
    let size: Int
    private(set) var offset = 0

    init(handle: FileHandle, size: Int) {
        self.handle = handle
        self.size = size
    }

    mutating func key() throws -> (field: Int, wireType: Int) {
        let key = try varint()
        return (key >> 3, key & 7)
    }

    mutating func varint() throws -> Int {
        var result = 0, shift = 0
        while true {
            guard offset < size, shift < 64 else { throw offset < size ? ProtobufError.malformed : .truncated }
            let byte = try read(1)[0]
            result |= Int(byte & 0x7f) << shift
            shift += 7
            if byte < 0x80 { return result }
        }
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= size - offset else { throw ProtobufError.truncated }
        offset += count
        try handle.seek(toOffset: UInt64(offset))
    }

    mutating func read(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= size - offset else { throw ProtobufError.truncated }
        let data = try handle.read(upToCount: count) ?? Data()
        guard data.count == count else { throw ProtobufError.truncated }
        offset += count
        return [UInt8](data)
    }
}

/// One small protobuf message held in memory, its length-delimited fields split out by number.
private struct ProtobufMessage {
    var strings: [Int: [String]] = [:]
    var messages: [Int: [[UInt8]]] = [:]

    /// `keep`: the fields to collect as raw sub-messages; nil keeps all of them as strings too.
    init(_ bytes: [UInt8], keep: Set<Int>? = nil) throws {
        var i = 0
        func varint() throws -> Int {
            var result = 0, shift = 0
            while true {
                guard i < bytes.count, shift < 64 else { throw ProtobufError.malformed }
                let byte = bytes[i]
                i += 1
                result |= Int(byte & 0x7f) << shift
                shift += 7
                if byte < 0x80 { return result }
            }
        }
        while i < bytes.count {
            let key = try varint()
            switch key & 7 {
            case 0: _ = try varint()
            case 1: i += 8
            case 5: i += 4
            case 2:
                let length = try varint()
                guard length >= 0, length <= bytes.count - i else { throw ProtobufError.malformed }
                let field = key >> 3
                if let keep {
                    if keep.contains(field) { messages[field, default: []].append(Array(bytes[i..<i + length])) }
                } else {
                    strings[field, default: []].append(String(decoding: bytes[i..<i + length], as: UTF8.self))
                    messages[field, default: []].append(Array(bytes[i..<i + length]))
                }
                i += length
            default: throw ProtobufError.malformed
            }
            guard i <= bytes.count else { throw ProtobufError.malformed }
        }
    }
}
