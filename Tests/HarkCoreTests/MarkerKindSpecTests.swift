import HarkCore
import Testing

/// The marker kinds' declarations against what stored archives hold: `call.marker_mask` bits and `marker.kind`
/// strings written by every earlier build must keep meaning the same kind.
@Suite struct MarkerKindSpecTests {
    /// Frozen. A new kind adds a line with an unused bit; no existing line ever changes.
    static let storedBits: [MarkerKind: Int] = [
        .keyword: 0, .emotion: 1, .language: 2, .silence: 3, .slowResponse: 4, .speechRate: 5, .overtalk: 6,
        .repetition: 7, .compliance: 8, .pii: 9, .resolution: 10,
    ]
    /// Frozen, as stored in `marker.kind` and typed in filters (`hark calls --flag slow_response`).
    static let storedNames: [MarkerKind: String] = [
        .keyword: "keyword", .emotion: "emotion", .language: "language", .silence: "silence",
        .slowResponse: "slow_response", .speechRate: "speech_rate", .overtalk: "overtalk", .repetition: "repetition",
        .compliance: "compliance", .pii: "pii", .resolution: "resolution",
    ]

    @Test func everyKindKeepsTheBitAndNameArchivesWereWrittenWith() {
        #expect(Set(Self.storedBits.keys) == Set(MarkerKind.allCases), "pin the new kind's bit here")
        #expect(Set(Self.storedNames.keys) == Set(MarkerKind.allCases), "pin the new kind's name here")
        for kind in MarkerKind.allCases {
            #expect(kind.spec.maskBit == Self.storedBits[kind], "\(kind) moved to another bit")
            #expect(kind.rawValue == Self.storedNames[kind], "\(kind) is stored under another name")
        }
    }

    @Test func noTwoKindsShareABitANameOrALabel() {
        let kinds = MarkerKind.allCases
        #expect(Set(kinds.map(\.spec.maskBit)).count == kinds.count)
        #expect(Set(kinds.map(\.rawValue)).count == kinds.count)
        #expect(Set(kinds.map(\.spec.label)).count == kinds.count)
        // marker_mask is a signed 64-bit column.
        #expect(kinds.allSatisfy { (0...62).contains($0.spec.maskBit) })
        #expect(kinds.allSatisfy { !$0.spec.label.isEmpty && $0.spec.tag?.isEmpty != true })
    }
}
