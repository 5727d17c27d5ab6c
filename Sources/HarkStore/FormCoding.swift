import Foundation
import HarkCore

/// Compact binary forms of `FormFacts` and `FormResult`: re-scoring 100,000 calls after a form edit reads and
/// writes one of each per call, and JSON coding alone would take longer than the whole budget.
enum FormCoding {
    static let factsFormat: UInt8 = 1
    static let resultFormat: UInt8 = 1

    static func encode(_ f: FormFacts) -> Data {
        var w = Writer()
        w.byte(factsFormat)
        w.double(f.duration)
        w.string(f.language)
        w.int(f.turns.count)
        for t in f.turns {
            w.byte(speakerCode(t.speaker))
            w.double(t.start)
            w.double(t.end)
            w.int(t.han)
            w.int(t.words)
            w.string(t.text)
        }
        w.int(f.categories.count)
        for c in f.categories { w.string(c) }
        w.int(f.hits.count)
        for h in f.hits {
            w.int(h.category)
            w.int(h.turn)
            w.double(h.start)
            w.double(h.end)
            w.string(h.term)
        }
        return Data(w.bytes)
    }

    /// - Parameter text: false leaves every turn's text empty (forms without terms or regex never read it).
    static func decodeFacts(_ data: Data, text: Bool = true) throws -> FormFacts {
        try data.withUnsafeBytes { raw in
            var r = Reader(raw.bindMemory(to: UInt8.self))
            guard try r.byte() == factsFormat else { throw StoreError.corruptFormData("form facts") }
            let duration = try r.double()
            let language = try r.string()
            var turns: [FormFacts.Turn] = []
            let n = try r.int()
            turns.reserveCapacity(n)
            for _ in 0..<n {
                let speaker = speaker(try r.byte())
                let start = try r.double(), end = try r.double()
                let han = try r.int(), words = try r.int()
                var body = ""
                if text { body = try r.string() } else { try r.skipString() }
                turns.append(FormFacts.Turn(speaker: speaker, start: start, end: end, han: han, words: words, text: body))
            }
            var categories: [String] = []
            for _ in 0..<(try r.int()) { categories.append(try r.string()) }
            var hits: [FormFacts.Hit] = []
            let m = try r.int()
            hits.reserveCapacity(m)
            for _ in 0..<m {
                hits.append(FormFacts.Hit(category: try r.int(), turn: try r.int(), start: try r.double(),
                                          end: try r.double(), term: try r.string()))
            }
            return FormFacts(duration: duration, language: language, turns: turns, categories: categories, hits: hits)
        }
    }

    static func encode(items: [FormItemResult]) -> Data {
        var w = Writer()
        w.byte(resultFormat)
        w.int(items.count)
        for i in items {
            w.string(i.id)
            w.string(i.title)
            w.double(i.points)
            w.byte(i.critical ? 1 : 0)
            w.byte(i.outcome == .passed ? 0 : i.outcome == .failed ? 1 : 2)
            w.double(i.at ?? .nan)
            w.double(i.end ?? .nan)
            w.int((i.turn ?? -1) + 1)
            w.string(i.evidence)
        }
        return Data(w.bytes)
    }

    static func decodeItems(_ data: Data) throws -> [FormItemResult] {
        try data.withUnsafeBytes { raw in
            var r = Reader(raw.bindMemory(to: UInt8.self))
            guard try r.byte() == resultFormat else { throw StoreError.corruptFormData("form result") }
            var out: [FormItemResult] = []
            for _ in 0..<(try r.int()) {
                let id = try r.string(), title = try r.string(), points = try r.double()
                let critical = try r.byte() == 1
                let code = try r.byte()
                let at = try r.double(), end = try r.double()
                let turn = try r.int() - 1
                out.append(FormItemResult(id: id, title: title, points: points, critical: critical,
                                          outcome: code == 0 ? .passed : code == 1 ? .failed : .na,
                                          at: at.isNaN ? nil : at, end: end.isNaN ? nil : end,
                                          turn: turn < 0 ? nil : turn, evidence: try r.string()))
            }
            return out
        }
    }

    private static func speakerCode(_ s: Speaker) -> UInt8 { s == .agent ? 0 : s == .customer ? 1 : 2 }
    private static func speaker(_ c: UInt8) -> Speaker { c == 0 ? .agent : c == 1 ? .customer : .mixed }

    struct Writer {
        var bytes: [UInt8] = []
        mutating func byte(_ b: UInt8) { bytes.append(b) }
        mutating func int(_ v: Int) {
            var u = UInt64(bitPattern: Int64(v))
            repeat {
                let b = UInt8(u & 0x7F)
                u >>= 7
                bytes.append(u == 0 ? b : b | 0x80)
            } while u != 0
        }
        mutating func double(_ d: Double) {
            var bits = d.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        mutating func string(_ s: String) {
            var s = s
            s.withUTF8 { b in
                int(b.count)
                bytes.append(contentsOf: b)
            }
        }
    }

    struct Reader {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }
        mutating func byte() throws -> UInt8 {
            guard i < b.count else { throw StoreError.corruptFormData("truncated") }
            defer { i += 1 }
            return b[i]
        }
        mutating func int() throws -> Int {
            var u: UInt64 = 0, shift: UInt64 = 0
            while true {
                let x = try byte()
                u |= UInt64(x & 0x7F) << shift
                if x & 0x80 == 0 { break }
                shift += 7
                guard shift < 64 else { throw StoreError.corruptFormData("bad number") }
            }
            return Int(Int64(bitPattern: u))
        }
        mutating func double() throws -> Double {
            guard i + 8 <= b.count else { throw StoreError.corruptFormData("truncated") }
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(b[i + k]) << (8 * UInt64(k)) }
            i += 8
            return Double(bitPattern: UInt64(littleEndian: bits))
        }
        mutating func string() throws -> String {
            let n = try int()
            guard n >= 0, i + n <= b.count else { throw StoreError.corruptFormData("truncated") }
            defer { i += n }
            return String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + n)]), as: UTF8.self)
        }
        mutating func skipString() throws {
            let n = try int()
            guard n >= 0, i + n <= b.count else { throw StoreError.corruptFormData("truncated") }
            i += n
        }
    }
}
