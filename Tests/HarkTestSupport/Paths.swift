import Foundation

/// Where the package and its built products are, for tests that run the CLI or read project files.
public enum Paths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The built `hark` executable beside the test bundle.
    public static var harkBinary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle.appendingPathComponent("hark"), bundle.deletingLastPathComponent().appendingPathComponent("hark")] {
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        return packageRoot.appendingPathComponent(".build/debug/hark").path
    }

    /// The model mirror tests use: `HARK_MODEL_MIRROR`, else the project's installed `models/`.
    public static var modelsFolder: String {
        let installed = packageRoot.appendingPathComponent("models").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        return ProcessInfo.processInfo.environment["HARK_MODEL_MIRROR"] ?? installed
    }
}
