import ArgumentParser
import Foundation
import HarkCore
import HarkIntake

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add recordings (files or folders, recursive) to the store and queue them for transcription.",
        discussion: """
            Reads WAV, FLAC, OGG/Opus and MP3. Metadata comes from a sidecar NAME.json ({"agent", "customer", \
            "queue", "started_at", "direction"}) or from the file name \
            (20261116-0912_agent-NAME_customer-NAME_queue-NAME_in.wav). The same recording is imported once.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Flag(name: .shortAndLong, help: "Print only the summary and failures.") var quiet = false
    @Argument(help: "Files or folders to import.") var paths: [String]

    func run() throws {
        let store = try storeOptions.open()
        let quiet = self.quiet
        let importer = CallImporter(store: store, report: { line in
            if !quiet || line.hasPrefix("failed") { print(Format.safe(line)) }
        })
        let summary = importer.importPaths(paths.map(RawArguments.path))
        print("imported \(summary.imported), duplicates \(summary.duplicates), failed \(summary.failed.count)")
        if !summary.failed.isEmpty { throw ExitCode(1) }
    }
}
