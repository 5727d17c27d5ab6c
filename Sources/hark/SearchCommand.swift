import ArgumentParser
import Foundation
import HarkCore
import HarkStore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search of transcripts (Chinese of any length, English words; either Chinese script).")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "At most this many hits.") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "What to find; several words must all occur.") var query: [String]

    func run() throws {
        let store = try storeOptions.open()
        let hits = try store.search(query.joined(separator: " "), limit: limit)
        if json {
            struct Hit: Encodable { var call: Int64; var utterance: Int; var start: Double; var end: Double; var speaker: String; var text: String }
            print(try JSONOutput.string(hits.map { Hit(call: $0.callID, utterance: $0.utteranceIndex, start: $0.start,
                                                      end: $0.end, speaker: $0.speaker.rawValue, text: $0.text) }))
            return
        }
        for hit in hits {
            print(String(format: "#%-5lld %@  %@  %@", hit.callID, Format.duration(hit.start),
                         Format.column(hit.speaker.rawValue, 8), Format.safe(hit.text)))
        }
        if hits.isEmpty { print("no matches") }
    }
}
