/// Why speech recognition could not run. `description` is one line naming the file and the problem.
public enum SpeechError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A model file is absent.
    case missingModel(path: String)
    /// A model file exists but is not usable (truncated, empty, not ONNX, wrong kind of model).
    case brokenModel(path: String, reason: String)
    /// No model of the needed kind in the models folder.
    case noModel(folder: String, kind: String)
    /// The models folder names no model with this name.
    case unknownModel(folder: String, name: String)
    /// sherpa-onnx refused to build an engine from files that passed our checks.
    case engineFailed(path: String, reason: String)
    /// The recording can't be transcribed (decoding failed or unsupported shape).
    case badAudio(path: String, reason: String)
    /// The work was stopped before it finished.
    case cancelled

    public var description: String {
        switch self {
        case let .missingModel(path): return "\(path): model file not found"
        case let .brokenModel(path, reason): return "\(path): broken model: \(reason)"
        case let .noModel(folder, kind): return "\(folder): no \(kind) model installed"
        case let .unknownModel(folder, name): return "\(folder): no model named \(name)"
        case let .engineFailed(path, reason): return "\(path): \(reason)"
        case let .badAudio(path, reason): return "\(path): \(reason)"
        case .cancelled: return "cancelled"
        }
    }
}
