import ArgumentParser
import Foundation
import HarkCore
import HarkStore

struct DictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dict",
        abstract: "Keyword dictionary: list, add, remove, import, export, versions, undo. Every change re-scores the archive.",
        subcommands: [List.self, Add.self, Remove.self, Import.self, Export.self, Versions.self, Undo.self])

    /// Saves `dictionary` as a new version and says what it queued.
    static func save(_ dictionary: KeywordDictionary, in store: CallStore, summary: String) throws {
        // Counted in the store, not from a listing: `jobs()` returns a page, and 2,460 queued were shown as 500.
        let before = try store.pendingJobCount(kind: .rescore)
        let version = try store.saveDictionary(dictionary, author: Author.current, summary: summary)
        let queued = try store.pendingJobCount(kind: .rescore) - before
        print("saved dictionary version \(version) (\(summary)); queued re-scoring of \(queued) call(s)")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Categories, or one category's terms.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "A category name to list its terms.") var category: String?

        func run() throws {
            let dictionary = try AnalysisService.dictionary(in: try storeOptions.open())
            if let category {
                guard let found = dictionary.categories.first(where: { $0.name == category }) else {
                    throw CLIError("no category \(category)")
                }
                for term in found.terms { print(term.weight == 1 ? term.text : "\(term.text)  (×\(term.weight))") }
                return
            }
            print("\(Format.column("CATEGORY", 12))  \(Format.column("ROLE", 10))  WEIGHT  TERMS")
            for c in dictionary.categories {
                print("\(Format.column(c.name, 12))  \(Format.column(c.role.rawValue, 10))  " + String(format: "%6.1f", c.weight)
                      + "  \(c.terms.count)  " + c.terms.prefix(6).map(\.text).joined(separator: ", ")
                      + (c.terms.count > 6 ? ", …" : ""))
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add terms to a category (created when --role is given).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Create the category with this role if it does not exist (negative, positive, business, compliance, negation, dialect).")
        var role: CategoryRole?
        @Option(help: "Weight of the new terms (factor on the category's weight).") var weight: Double = 1
        @Argument(help: "Category name.") var category: String
        @Argument(help: "Terms to add.") var terms: [String]

        func validate() throws {
            guard DictionaryTOML.weightRange.contains(weight) else { throw ValidationError("--weight must be within 0...10") }
            if terms.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { throw ValidationError("a term is empty") }
        }

        func run() throws {
            let store = try storeOptions.open()
            var dictionary = try AnalysisService.dictionary(in: store)
            if !dictionary.categories.contains(where: { $0.name == category }) {
                guard let role else { throw CLIError("no category \(category); pass --role to create it") }
                dictionary.categories.append(KeywordCategory(name: category, role: role, terms: []))
            }
            let index = dictionary.categories.firstIndex { $0.name == category }!
            let existing = Set(dictionary.categories[index].terms.map { $0.text.lowercased() })
            let new = terms.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !existing.contains($0.lowercased()) }
            guard !new.isEmpty else { print("nothing to add: \(category) already has \(terms.joined(separator: ", "))"); return }
            dictionary.categories[index].terms += new.map { KeywordTerm($0, weight: weight) }
            try DictCommand.save(dictionary, in: store, summary: "add \(new.joined(separator: ", ")) to \(category)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove terms from a category, or the whole category.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Category name.") var category: String
        @Argument(help: "Terms to remove (none: remove the category).") var terms: [String] = []

        func run() throws {
            let store = try storeOptions.open()
            var dictionary = try AnalysisService.dictionary(in: store)
            guard let index = dictionary.categories.firstIndex(where: { $0.name == category }) else {
                throw CLIError("no category \(category)")
            }
            if terms.isEmpty {
                dictionary.categories.remove(at: index)
                try DictCommand.save(dictionary, in: store, summary: "remove category \(category)")
                return
            }
            let gone = Set(terms.map { $0.lowercased() })
            let missing = terms.filter { t in !dictionary.categories[index].terms.contains { $0.text.lowercased() == t.lowercased() } }
            guard missing.isEmpty else { throw CLIError("\(category) has no term \(missing.joined(separator: ", "))") }
            dictionary.categories[index].terms.removeAll { gone.contains($0.text.lowercased()) }
            try DictCommand.save(dictionary, in: store, summary: "remove \(terms.joined(separator: ", ")) from \(category)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the dictionary with a TOML file.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "A dictionary TOML file (layout: dictionaries/default.toml).") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read") }
            let dictionary = try DictionaryTOML.decode(String(decoding: data, as: UTF8.self), source: file)
            try DictCommand.save(dictionary, in: try storeOptions.open(), summary: "import \((file as NSString).lastPathComponent)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the dictionary as TOML.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Export this saved version instead of the current one.") var version: Int?
        @Argument(help: "File to write (default: standard output).") var file: String?

        func run() throws {
            let store = try storeOptions.open()
            let dictionary: KeywordDictionary
            if let version {
                guard let old = try store.dictionary(version: version) else { throw CLIError("no dictionary version \(version)") }
                dictionary = old
            } else {
                dictionary = try AnalysisService.dictionary(in: store)
            }
            let text = DictionaryTOML.encode(dictionary)
            if let file { try OutputFile.write(text, to: file); print("wrote \(Format.safe(file))") } else { print(Format.safe(text, keepNewlines: true), terminator: "") }
        }
    }

    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Saved versions: who changed what, when.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            VersionHistory.print(try storeOptions.open().dictionaryVersions().map { ($0.version, $0.createdAt, $0.author, $0.summary) })
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restore an earlier version (default: the one before the current).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The version to restore.") var to: Int?

        func run() throws {
            let store = try storeOptions.open()
            let target = try VersionHistory.target(try store.dictionaryVersions().map(\.version), to: to, of: "dictionary")
            guard let old = try store.dictionary(version: target) else { throw CLIError("no dictionary version \(target)") }
            try DictCommand.save(old, in: store, summary: "restore version \(target)")
        }
    }
}

extension CategoryRole: ExpressibleByArgument {}
