import ArgumentParser
import Foundation
import HarkCore
import HarkStore

/// `hark forms`: the QA forms in force, versioned like the dictionary. An import or undo saves a version and
/// re-scores the archive's form results at once (from stored form facts: seconds, not a re-analysis).
struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "QA forms: list, export, import, versions, undo. Every change re-scores the archive.",
        subcommands: [List.self, Export.self, Import.self, Versions.self, Undo.self])

    /// Saves `set` as a new version and re-scores every call against it.
    static func save(_ set: FormSet, in store: CallStore, summary: String) throws {
        let dictionary = try AnalysisService.dictionary(in: store)
        let version: Int
        do { version = try store.saveForms(set, dictionary: dictionary, author: Author.current, summary: summary) } catch let e as StoreError {
            throw CLIError("\(e)")
        }
        let started = Date()
        let rescored = try AnalysisService(store: store).refreshForms()
        print("saved forms version \(version) (\(summary)); re-scored \(rescored) call(s) in "
              + String(format: "%.1f s", Date().timeIntervalSince(started)))
    }

    /// The set a file holds, read and structurally checked.
    static func read(_ file: String) throws -> FormSet {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read") }
        do { return try FormTOML.decode(String(decoding: data, as: UTF8.self), source: file) } catch {
            throw CLIError("\(error)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each form: its queues and items, and how many calls pass each.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            let (version, set) = try AnalysisService.forms(in: store)
            let tallies = try store.formItemTallies()
            print("forms version \(version)")
            for form in set.forms {
                print("\n\(form.name)  queues: \(form.queues.joined(separator: ", "))")
                print("  \(Format.column("ITEM", 18))  \(Format.column("POINTS", 6))  \(Format.column("PASS", 11))  TITLE")
                for item in form.items {
                    let t = tallies[form.name]?[item.id] ?? FormItemTally()
                    let pass = t.applicable == 0 ? "–" : "\(t.passed)/\(t.applicable)"
                    print("  \(Format.column(item.id, 18))  " + String(format: "%6.0f", item.points)
                          + "  \(Format.column(pass, 11))  \(item.title)\(item.critical ? "  [critical]" : "")")
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the forms in force as TOML (to stdout or a file).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only the form that scores this queue.") var queue: String?
        @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?

        func run() throws {
            var set = try AnalysisService.forms(in: try storeOptions.open()).set
            if let queue {
                guard let form = set.form(forQueue: queue) else { throw CLIError("no form scores queue \(queue)") }
                set = FormSet(forms: [form])
            }
            let text = FormTOML.encode(set)
            if let output { try OutputFile.write(text, to: output); print("wrote \(Format.safe(output))") } else {
                print(Format.safe(text, keepNewlines: true), terminator: "")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a TOML file's forms as a new version (forms of the same name are replaced, others kept).")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Replace every form with the file's, instead of merging by name.") var replace = false
        @Argument(help: "TOML file with [[form]] tables.") var file: String

        func run() throws {
            let incoming = try FormsCommand.read(file)
            let store = try storeOptions.open()
            let current = try AnalysisService.forms(in: store).set
            let set = replace ? incoming : current.merging(incoming)
            guard set != current else { print("\(Format.safe(file)): forms unchanged; nothing saved"); return }
            let names = incoming.forms.map(\.name).joined(separator: ", ")
            do { try FormsCommand.save(set, in: store, summary: "import \(URL(fileURLWithPath: file).lastPathComponent): \(names)") } catch let e as CLIError {
                throw CLIError("\(file): \(e.description.replacingOccurrences(of: "invalid forms: ", with: ""))")
            }
        }
    }

    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Saved versions: who changed what, when.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            VersionHistory.print(try storeOptions.open().formVersions().map { ($0.version, $0.createdAt, $0.author, $0.summary) })
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restore an earlier version (default: the one before the current).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The version to restore.") var to: Int?

        func run() throws {
            let store = try storeOptions.open()
            let target = try VersionHistory.target(try store.formVersions().map(\.version), to: to, of: "forms")
            guard let old = try store.forms(version: target) else { throw CLIError("no forms version \(target)") }
            try FormsCommand.save(old, in: store, summary: "restore version \(target)")
        }
    }
}
