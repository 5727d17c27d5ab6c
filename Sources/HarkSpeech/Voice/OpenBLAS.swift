import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's OpenBLAS (`libopenblas-dev`, installed by scripts/setup.sh), opened on first use instead of linked.
///
/// Why not linked: OpenBLAS picks its kernels once, while it loads, and 0.3.21 (Debian 12) does not know
/// recent Xeons: it falls back to its SSE3 "Prescott" kernels, which made the speaker encoder half as fast.
/// Its only remedy is `OPENBLAS_CORETYPE` set before loading, which a linked library is too early for; so
/// unless the user set it, it is chosen here from the CPU's flags, then the library is opened.
enum OpenBLAS {
    typealias Sgemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?

    struct Library: @unchecked Sendable {  // C function pointers, immutable once loaded
        let sgemm: Sgemm
        let coreName: String
    }

    static let candidates = ["libopenblas.so.0", "libopenblas.so"]

    /// The loaded library, or why not (one line naming the library and the fix).
    static let library: Result<Library, SpeechError> = load()

    private static func load() -> Result<Library, SpeechError> {
        if getenv("OPENBLAS_CORETYPE") == nil, let core = coreType(cpuFlags: cpuFlags()) {
            setenv("OPENBLAS_CORETYPE", core, 0)
        }
        // One thread, and the main thread left unpinned: a pool started at load (one thread per core) and
        // pinning the loading thread changed how onnxruntime spread Whisper's work, and its greedy decode with it
        // ("subscription" heard as "compription" on a test call).
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        setenv("OPENBLAS_MAIN_FREE", "1", 0)
        guard let handle = candidates.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(.engineFailed(path: candidates[0], reason: "not found (scripts/setup.sh installs libopenblas-dev)"))
        }
        guard let sgemm = dlsym(handle, "cblas_sgemm"), let threads = dlsym(handle, "openblas_set_num_threads") else {
            return .failure(.engineFailed(path: candidates[0], reason: "has no cblas_sgemm / openblas_set_num_threads"))
        }
        // Parallelism comes from Hark's worker threads, each already beside Whisper on the same cores:
        // OpenBLAS's own threads would only fight them.
        unsafeBitCast(threads, to: SetThreads.self)(1)
        let name = dlsym(handle, "openblas_get_corename").flatMap { unsafeBitCast($0, to: CoreName.self)() }
        return .success(Library(sgemm: unsafeBitCast(sgemm, to: Sgemm.self),
                                coreName: name.map { String(cString: $0) } ?? "unknown"))
    }

    /// OpenBLAS's name for the best kernels these flags allow; nil leaves the choice to OpenBLAS.
    static func coreType(cpuFlags: Set<String>) -> String? {
        if cpuFlags.contains("avx512f") && cpuFlags.contains("avx512bw") && cpuFlags.contains("avx512vl") { return "SkylakeX" }
        if cpuFlags.contains("avx2") && cpuFlags.contains("fma") { return "Haswell" }
        return nil
    }

    private static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }

    /// Row-major `C = alpha·A·op(B) + beta·C`, A `m × k` (never transposed), op(B) `k × n`: B is `n × k`
    /// when `transposeB` (PyTorch's weight layout), else `k × n`.
    static func sgemm(_ lib: Library, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                      b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, beta: Float,
                      c: UnsafeMutablePointer<Float>, ldc: Int) {
        let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112  // CBLAS_ORDER / CBLAS_TRANSPOSE
        lib.sgemm(rowMajor, noTrans, transposeB ? trans : noTrans, Int32(m), Int32(n), Int32(k),
                  1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
