import CSherpaOnnx

/// The sherpa-onnx library version this build links against.
public enum SherpaOnnx {
    public static var version: String { String(cString: SherpaOnnxGetVersionStr()) }
}
