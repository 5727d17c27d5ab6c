import Foundation
import HarkAudio
import HarkCore
import HarkTestSupport
import Testing

extension SampleCallTruth {
    /// Stretches of the call where `speaker` talks and the other person is quiet, each shrunk by `margin`
    /// so the trimmed edges of a turn never count.
    func soloStretches(of speaker: String, margin: Double = 0.05) -> [ClosedRange<Double>] {
        let others = turns.filter { $0.speaker != speaker }.map { $0.start...$0.end }
        var result: [ClosedRange<Double>] = []
        for turn in turns where turn.speaker == speaker {
            var pieces = [turn.start...turn.end]
            for other in others {
                pieces = pieces.flatMap { piece -> [ClosedRange<Double>] in
                    guard other.overlaps(piece) else { return [piece] }
                    var left: [ClosedRange<Double>] = []
                    if other.lowerBound > piece.lowerBound { left.append(piece.lowerBound...other.lowerBound) }
                    if other.upperBound < piece.upperBound { left.append(other.upperBound...piece.upperBound) }
                    return left
                }
            }
            result += pieces.compactMap { p in
                p.upperBound - p.lowerBound > 2 * margin + 0.2 ? (p.lowerBound + margin)...(p.upperBound - margin) : nil
            }
        }
        return result
    }
}

/// Root-mean-square level of `samples` over the given time stretches.
private func rms(_ samples: [Float], rate: Int, over stretches: [ClosedRange<Double>]) -> Double {
    var sum = 0.0
    var count = 0
    for stretch in stretches {
        let from = max(0, Int(stretch.lowerBound * Double(rate)))
        let to = min(samples.count, Int(stretch.upperBound * Double(rate)))
        guard from < to else { continue }
        for i in from..<to { sum += Double(samples[i]) * Double(samples[i]) }
        count += to - from
    }
    return count > 0 ? (sum / Double(count)).squareRoot() : 0
}

@Suite struct SampleCallsTests {
    static let dictionaryCategories: Set<String> = [
        "不满", "投诉", "焦急", "困惑", "满意", "表扬", "解决问题", "退款", "售后", "咨询",
        "问候", "身份核验", "风险提示", "结束语", "粤语", "四川话",
    ]

    @Test func theDemoHasEnoughCallsEachWithMetadata() throws {
        let truths = SampleCallTruth.all
        #expect(truths.filter { $0.channels == 2 && $0.sampleRate == 16_000 }.count >= 12)
        #expect(truths.contains { $0.channels == 1 }, "no mono variant")
        #expect(truths.contains { $0.sampleRate == 8_000 }, "no telephone-band variant")
        let files = try FileManager.default.contentsOfDirectory(atPath: SampleCallTruth.folder.path)
        let audio = files.filter { $0.hasSuffix(".ogg") }
        #expect(Set(audio) == Set(truths.map(\.file)), "every .ogg needs a .truth.json and the reverse")
        let iso = ISO8601DateFormatter()
        for name in audio {
            let sidecar = SampleCallTruth.folder.appendingPathComponent(name.replacingOccurrences(of: ".ogg", with: ".json"))
            let data = try Data(contentsOf: sidecar)
            let meta = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String], "\(sidecar.path)")
            #expect(Set(meta.keys) == ["agent", "customer", "queue", "started_at", "direction"], "\(name)")
            #expect(["inbound", "outbound"].contains(meta["direction"] ?? ""), "\(name)")
            #expect(iso.date(from: meta["started_at"] ?? "") != nil, "\(name): started_at")
        }
        // Dashboards need spread: several agents, several days.
        let sidecars = try audio.map { name -> [String: String] in
            let url = SampleCallTruth.folder.appendingPathComponent(name.replacingOccurrences(of: ".ogg", with: ".json"))
            return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: String] ?? [:]
        }
        #expect(Set(sidecars.compactMap { $0["agent"] }).count >= 4)
        #expect(Set(sidecars.compactMap { $0["started_at"]?.prefix(10) }).count >= 4)
    }

    @Test(arguments: SampleCallTruth.all)
    func decodedAudioMatchesItsTruth(_ truth: SampleCallTruth) throws {
        let info = try AudioFile(path: truth.audioPath).probe()
        #expect(info.sampleRate == truth.sampleRate)
        #expect(info.channels == truth.channels)
        let audio = try AudioFile(path: truth.audioPath).decode()
        #expect(abs(audio.duration - truth.duration) <= 0.05, "decoded \(audio.duration) s, truth \(truth.duration) s")
        #expect(truth.turns.allSatisfy { $0.start < $0.end && $0.end <= truth.duration })
        #expect(zip(truth.turns, truth.turns.dropFirst()).allSatisfy { $0.start <= $1.start }, "turns out of time order")

        // Every turn is audible in the recording where the truth puts it.
        for (i, turn) in truth.turns.enumerated() {
            let channel = truth.channels == 2 && turn.speaker == "customer" ? 1 : 0
            let level = rms(audio.channels[channel], rate: audio.sampleRate, over: [turn.start...turn.end])
            #expect(level > 0.01, "turn \(i) (\(turn.speaker)) is silent at \(turn.start)–\(turn.end)")
        }
    }

    /// Channel layout as a user meets it: agent on the left, customer on the right, nothing leaking across.
    @Test(arguments: SampleCallTruth.all.filter { $0.channels == 2 })
    func stereoCallsKeepAgentLeftAndCustomerRight(_ truth: SampleCallTruth) throws {
        let audio = try AudioFile(path: truth.audioPath).decode()
        let (left, right) = (audio.channels[0], audio.channels[1])
        let customerOnly = truth.soloStretches(of: "customer")
        let agentOnly = truth.soloStretches(of: "agent")
        #expect(!customerOnly.isEmpty && !agentOnly.isEmpty)
        #expect(rms(left, rate: audio.sampleRate, over: customerOnly) < 0.002, "agent channel not silent while only the customer speaks")
        #expect(rms(right, rate: audio.sampleRate, over: customerOnly) > 0.02)
        #expect(rms(right, rate: audio.sampleRate, over: agentOnly) < 0.002, "customer channel not silent while only the agent speaks")
        #expect(rms(left, rate: audio.sampleRate, over: agentOnly) > 0.02)
    }

    /// The analysis and speech engineers test against these markers, so they must be self-consistent.
    @Test(arguments: SampleCallTruth.all)
    func expectedMarkersAreWellFormed(_ truth: SampleCallTruth) {
        for marker in truth.expectedMarkers {
            #expect(MarkerKind(rawValue: marker.kind) != nil, "unknown kind \(marker.kind)")
            if let turn = marker.turn {
                #expect(truth.turns.indices.contains(turn), "marker turn \(turn) out of range")
            }
            guard let index = marker.turn, truth.turns.indices.contains(index) else { continue }
            let text = truth.turns[index].text
            switch marker.kind {
            case "keyword":
                #expect(Self.dictionaryCategories.contains(marker.category ?? ""), "category \(marker.category ?? "nil")")
                #expect(text.lowercased().contains((marker.text ?? "∅").lowercased()), "\(marker.text ?? "") not in turn \(index)")
            case "pii":
                let value = marker.text ?? ""
                #expect(text.contains(value))
                switch marker.category {
                case "card": #expect(luhnValid(value), "card \(value) fails Luhn")
                case "id_number": #expect(idNumberValid(value), "ID \(value) has a wrong check digit")
                case "phone": #expect(value.count == 11 && value.hasPrefix("1"))
                case "email": #expect(value.contains("@"))
                default: Issue.record("pii category \(marker.category ?? "nil")")
                }
            case "slow_response":
                #expect(truth.turns[index].speaker == "agent")
                #expect((marker.end ?? 0) - (marker.start ?? 0) >= 8)
            case "silence":
                #expect((marker.end ?? 0) - (marker.start ?? 0) >= 7)
            default:
                break
            }
        }
    }

    @Test func luhnAndIdChecksRejectTypos() {
        #expect(luhnValid("6217000285319469"))
        #expect(!luhnValid("6217000285319468"))
        #expect(idNumberValid("440306199008151231"))
        #expect(!idNumberValid("440306199008151232"))
    }
}

private func luhnValid(_ digits: String) -> Bool {
    let values = digits.compactMap(\.wholeNumberValue)
    guard values.count == digits.count, values.count >= 12 else { return false }
    let sum = values.reversed().enumerated().reduce(0) { total, item in
        let doubled = item.offset % 2 == 1 ? item.element * 2 : item.element
        return total + (doubled > 9 ? doubled - 9 : doubled)
    }
    return sum % 10 == 0
}

/// GB 11643: the 18th character of a resident ID is a weighted checksum of the first 17 digits.
private func idNumberValid(_ id: String) -> Bool {
    let chars = Array(id)
    guard chars.count == 18 else { return false }
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    var sum = 0
    for i in 0..<17 {
        guard let d = chars[i].wholeNumberValue else { return false }
        sum += d * weights[i]
    }
    return chars[17] == Array("10X98765432")[sum % 11]
}
