import Foundation

/// Result of running a program.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs programs for tests (sox, espeak-ng, the hark binary) and captures their output.
public enum Shell {
    /// Runs `executable` (looked up on PATH when not absolute) with `arguments`.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a chatty child never blocks on a full pipe.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs sox with `arguments`, throwing with its stderr on failure.
    public static func sox(_ arguments: [String]) throws {
        let r = try run("sox", arguments)
        if r.status != 0 { throw ShellError.failed("sox \(arguments.joined(separator: " ")): \(r.stderr)") }
    }
}

public enum ShellError: Error, CustomStringConvertible {
    case failed(String)
    public var description: String { if case let .failed(s) = self { return s }; return "" }
}
