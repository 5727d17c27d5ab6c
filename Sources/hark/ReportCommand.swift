import ArgumentParser
import Foundation
import HarkCore
import HarkStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A call's transcript, markers, score evidence and suggestions (PII masked unless --no-redact).")

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .shortAndLong, help: "md, html, json, srt or vtt.") var format: ReportFormat = .markdown
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "Keep phone, ID, card numbers and e-mail addresses readable.") var noRedact = false
    @Argument(help: "Call id (see `hark calls`).") var call: Int64

    func run() throws {
        let store = try storeOptions.open()
        guard let found = try store.call(call) else { throw CLIError("no call with id \(call) in \(store.path)") }
        let report = CallReport(call: found, utterances: try store.utterances(of: call), analysis: try store.analysis(of: call),
                                notes: try store.notes(of: call), redact: !noRedact)
        let text = report.render(format)
        if let output {
            try OutputFile.write(text, to: output)
            print("wrote \(Format.safe(output))")
        } else {
            print(Format.safe(text, keepNewlines: true), terminator: "")
        }
    }
}

/// Writes output files atomically and private (0600, `PrivateFile`), so a full disk or a kill never leaves
/// half a report behind and no umask makes call content readable to others.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        do { try PrivateFile.write(text, to: path) } catch { throw CLIError("\(error)") }
    }
}

extension ReportFormat: ExpressibleByArgument {}
