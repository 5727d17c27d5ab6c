import Foundation

/// Owns C copies of Swift strings for the duration of one sherpa-onnx `Create*` call.
///
/// sherpa-onnx config structs hold `const char *` fields; the library copies them into its own
/// C++ config while creating the engine, so the copies must outlive the `Create*` call and no longer.
/// `withCString` closures can't nest a dozen deep readably, hence strdup + free in `deinit`.
final class CStrings {
    private var owned: [UnsafeMutablePointer<CChar>] = []

    /// A C copy of `string`, valid until this arena is released.
    func callAsFunction(_ string: String) -> UnsafePointer<CChar> {
        guard let copy = strdup(string) else { fatalError("out of memory copying a C string") }
        owned.append(copy)
        return UnsafePointer(copy)
    }

    deinit {
        for pointer in owned { free(pointer) }
    }
}
