// swift-tools-version:6.1
import PackageDescription

// sherpa-onnx comes from the PyPI wheel `sherpa-onnx-core`, unpacked by `make setup` into .deps/.
// The rpath points the built binaries at that folder so no LD_LIBRARY_PATH is ever needed.
let sherpaLib = "\(Context.packageDirectory)/.deps/sherpa/sherpa_onnx/lib"

let package = Package(
    name: "Hark",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hark", targets: ["hark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // C libraries: a module map over a tiny shim header each.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CAlsa", path: "Sources/CAlsa"),
        .systemLibrary(name: "CSndfile", path: "Sources/CSndfile"),
        .systemLibrary(name: "COpenCC", path: "Sources/COpenCC"),
        .systemLibrary(name: "CSherpaOnnx", path: "Sources/CSherpaOnnx"),

        // Domain types and analysis: pure Swift, no C, no I/O.
        .target(name: "HarkCore"),
        // Call store on SQLite (GRDB), plus the TOML formats it imports and exports.
        .target(name: "HarkStore", dependencies: [
            "HarkCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Decoding (libsndfile), playback (ALSA) and Chinese script normalisation (OpenCC).
        .target(name: "HarkAudio", dependencies: ["HarkCore", "CSndfile", "CAlsa"]),
        .target(name: "HarkText", dependencies: ["HarkCore", "COpenCC"]),
        // Speech recognition on background threads (sherpa-onnx); speaker embeddings (GE2E on OpenBLAS, opened at run time: Voice/OpenBLAS.swift).
        .target(
            name: "HarkSpeech",
            dependencies: ["HarkCore", "HarkAudio", "HarkText", "CSherpaOnnx",
                           .product(name: "Logging", package: "swift-log")],
            linkerSettings: [.unsafeFlags(["-L\(sherpaLib)", "-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
        // The job runner: worker threads over the store's queue (transcription through `CallTranscribing`,
        // rescores, re-analysis), heartbeats, checkpoints, stopping cleanly.
        .target(name: "HarkJobs", dependencies: ["HarkCore", "HarkStore"]),
        .target(name: "HarkIntake", dependencies: ["HarkCore", "HarkStore", "HarkAudio"]),
        // The settings file (config.toml): typed settings with where each value came from.
        .target(name: "HarkConfig", dependencies: ["HarkCore", "HarkStore", .product(name: "TOMLKit", package: "TOMLKit")]),
        // Terminal UI: only ncurses, never another C library.
        .target(name: "HarkTUI", dependencies: ["HarkCore", "HarkStore", "CNcursesw",
                                          .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(
            name: "hark",
            dependencies: [
                "HarkCore", "HarkStore", "HarkAudio", "HarkText", "HarkSpeech", "HarkJobs", "HarkTUI", "HarkConfig", "HarkIntake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),

        // Benchmarks (`make bench`): each prints its figures against a reference run in the same process.
        .executableTarget(name: "hark-bench-store", dependencies: ["HarkStore", "HarkCore", "HarkTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                         path: "Benchmarks/StoreBench"),
        // Speech pipeline throughput and memory against sherpa-onnx's own Python decode (`make bench`, never `swift test`).
        .executableTarget(
            name: "hark-bench-speech",
            dependencies: ["HarkSpeech", "HarkJobs", "HarkAudio", "HarkCore", "HarkStore", "HarkTestSupport"],
            path: "Benchmarks/SpeechBench",
            linkerSettings: [.unsafeFlags(["-L\(sherpaLib)", "-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
        // Playback timing against a real-time PulseAudio null sink (`make bench`, not `swift test`).
        .executableTarget(name: "hark-bench-playback", dependencies: ["HarkAudio", "HarkCore", "HarkTestSupport"], path: "Benchmarks/PlaybackBench"),
        // Markers, masking and transcripts through the real recogniser against truth files (`make accuracy`).
        .executableTarget(name: "hark-bench-accuracy", dependencies: ["HarkStore", "HarkCore", "HarkText", "HarkAudio", "HarkTestSupport"],
                          path: "Benchmarks/AccuracyBench"),
        // Analysis: rescoring a synthetic archive (`swift run -c release hark-bench-analysis`).
        .executableTarget(name: "hark-bench-analysis", dependencies: ["HarkCore"], path: "Benchmarks/AnalysisBench"),
        // Diarization of mono recordings against RTTM / truth turns: DER, attribution accuracy, cost.
        .executableTarget(
            name: "hark-bench-diarization",
            dependencies: ["HarkSpeech", "HarkAudio", "HarkCore", "HarkTestSupport"],
            path: "Benchmarks/DiarizationBench",
            linkerSettings: [.unsafeFlags(["-L\(sherpaLib)", "-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
        // Speaker embeddings: GE2E windows per second and real-time factor; `--dump` feeds scripts/ge2e-parity.py.
        .executableTarget(
            name: "hark-bench-voice",
            dependencies: ["HarkSpeech", "HarkAudio", "HarkTestSupport"],
            path: "Benchmarks/VoiceBench",
            linkerSettings: [.unsafeFlags(["-L\(sherpaLib)", "-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
        // QA forms: re-scoring and the what-if over 100,000 analysed calls after a form edit.
        .executableTarget(
            name: "hark-bench-live",
            dependencies: ["HarkIntake", "HarkSpeech", "HarkStore", "HarkCore", "HarkTestSupport"],
            path: "Benchmarks/LiveBench",
            linkerSettings: [.unsafeFlags(["-L\(sherpaLib)", "-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
        .executableTarget(name: "hark-bench-forms", dependencies: ["HarkStore", "HarkCore", "HarkTestSupport"], path: "Benchmarks/FormsBench"),

        // Shared helpers for tests: temporary folders, sox/espeak audio, running the CLI.
        .target(name: "HarkTestSupport", dependencies: ["HarkCore", .product(name: "GRDB", package: "GRDB.swift")],
                path: "Tests/HarkTestSupport"),
        .testTarget(name: "HarkCoreTests", dependencies: ["HarkCore", "HarkTestSupport"]),
        .testTarget(name: "HarkStoreTests", dependencies: ["HarkStore", "HarkJobs", "HarkCore", "HarkText", "HarkAudio", "HarkTestSupport",
                                                     .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "HarkAudioTests", dependencies: ["HarkAudio", "HarkCore", "HarkTestSupport"]),
        .testTarget(name: "HarkTextTests", dependencies: ["HarkText", "HarkCore"]),
        .testTarget(
            name: "HarkSpeechTests",
            dependencies: ["HarkSpeech", "HarkJobs", "HarkStore", "HarkAudio", "HarkCore", "HarkTestSupport"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
        .testTarget(
            name: "HarkIntakeTests",
            dependencies: ["HarkIntake", "HarkSpeech", "HarkStore", "HarkAudio", "HarkCore", "HarkTestSupport"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
        .testTarget(name: "HarkJobsTests", dependencies: ["HarkJobs", "HarkStore", "HarkCore", "HarkTestSupport"]),
        .testTarget(name: "HarkConfigTests", dependencies: ["HarkConfig", "HarkCore", "HarkStore", "HarkJobs", "HarkTestSupport"]),
        .testTarget(name: "HarkTUITests", dependencies: ["HarkTUI", "HarkJobs", "HarkCore", "HarkStore", "HarkTestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["HarkCore", "HarkStore", "HarkText", "HarkTestSupport"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", sherpaLib])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
