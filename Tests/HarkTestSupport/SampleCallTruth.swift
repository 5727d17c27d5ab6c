import Foundation
import HarkCore

/// The ground truth `sample-calls/generate` writes beside each call (format in sample-calls/README.md), read
/// by every test that uses the sample calls. `HARK_SAMPLE_CALLS` points at another folder of them.
public struct SampleCallTruth: Decodable, Sendable, CustomStringConvertible {
    public struct Turn: Decodable, Sendable {
        public var speaker: String
        public var start: Double
        public var end: Double
        public var text: String
        public var language: String?
        public var style: String?
    }

    public struct ExpectedMarker: Decodable, Sendable {
        public var kind: String
        public var category: String?
        public var turn: Int?
        public var text: String?
        public var start: Double?
        public var end: Double?
        public var negated: Bool?
        public var missing: Bool?
    }

    /// The call's name: its files are NAME.ogg, NAME.json and NAME.truth.json.
    public var call: String
    public var file: String
    public var sampleRate: Int
    public var channels: Int
    public var duration: Double
    public var language: String
    public var turns: [Turn]
    public var expectedMarkers: [ExpectedMarker]

    enum CodingKeys: String, CodingKey {
        case call, file, channels, duration, language, turns
        case sampleRate = "sample_rate"
        case expectedMarkers = "expected_markers"
    }

    public var description: String { call }

    public static let folder: URL = ProcessInfo.processInfo.environment["HARK_SAMPLE_CALLS"]
        .map { URL(fileURLWithPath: $0) } ?? Paths.packageRoot.appendingPathComponent("sample-calls/calls")

    /// Every truth file, in name order; throws naming a file that does not decode.
    public static func loadAll(from folder: URL = folder) throws -> [SampleCallTruth] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter { $0.hasSuffix(".truth.json") }.sorted().map { try load(file: $0, in: folder) }
    }

    /// One call's truth by name (`c01-zh-short-balance`).
    public static func load(_ call: String) throws -> SampleCallTruth { try load(file: "\(call).truth.json") }

    private static func load(file: String, in folder: URL = folder) throws -> SampleCallTruth {
        let url = folder.appendingPathComponent(file)
        do {
            return try JSONDecoder().decode(SampleCallTruth.self, from: Data(contentsOf: url))
        } catch {
            throw ShellError.failed("\(url.path): \(error)")
        }
    }

    /// Every truth file, read once (parameterised tests enumerate it); empty when there are none.
    public static let all: [SampleCallTruth] = (try? loadAll()) ?? []

    public static var available: Bool { !all.isEmpty }

    public var audioPath: String { Self.folder.appendingPathComponent(file).path }

    /// The sidecar metadata `hark import` would read (empty when the sidecar is missing).
    public var metadata: CallMetadata {
        (try? Data(contentsOf: Self.folder.appendingPathComponent("\(call).json")))
            .flatMap { try? CallMetadata(sidecarJSON: $0) } ?? CallMetadata()
    }

    /// The turns as a perfect transcript: agent on channel 0, customer on channel 1.
    public func utterances(normalize: ((String) -> String)? = nil) -> [Utterance] {
        turns.map { t in
            let speaker = Speaker(rawValue: t.speaker) ?? .mixed
            return Utterance(speaker: speaker, channel: speaker == .customer ? 1 : 0, start: t.start, end: t.end,
                             text: t.text, normalizedText: normalize.map { $0(t.text) }, language: t.language)
        }
    }
}
