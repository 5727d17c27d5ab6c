import Foundation

/// The what-if preview of a dictionary edit: how re-scoring the archive with the edited dictionary would
/// move it, computed from stored transcripts before anything is saved.
///
/// "Before" is what the archive says now (the stored score), so the preview describes exactly the change a
/// save-and-rescore would make; a call never scored is analysed with the current dictionary instead.
/// Pure: the same inputs give the same numbers, which tests check against a real full rescore.
public struct DictionaryPreview: Sendable, Hashable {
    /// One transcribed call as the preview needs it.
    public struct Input: Sendable {
        public var call: Call
        public var utterances: [Utterance]
        /// The stored score, if the call was analysed.
        public var stored: Score?

        public init(call: Call, utterances: [Utterance], stored: Score?) {
            self.call = call
            self.utterances = utterances
            self.stored = stored
        }
    }

    /// A call whose score or risk flag the edit changes.
    public struct Change: Sendable, Hashable {
        public var callID: CallID
        public var before: Double
        public var after: Double
        public var riskBefore: Bool
        public var riskAfter: Bool
        public var delta: Double { after - before }
    }

    /// Calls analysed.
    public var calls: Int
    /// Calls that gain the risk flag.
    public var newlyFlagged: [CallID]
    /// Calls that lose it.
    public var unflagged: [CallID]
    public var averageBefore: Double
    public var averageAfter: Double
    /// Every call whose score or flag moves, the largest move first.
    public var changes: [Change]

    public var averageChange: Double { averageAfter - averageBefore }

    /// The `n` most affected calls.
    public func top(_ n: Int) -> [Change] { Array(changes.prefix(n)) }

    /// Re-analyses every call with `edited` (and `current` for calls with no stored score). Spreads the
    /// calls over `threads` (the analyser is shared, read-only).
    public static func compute(_ inputs: [Input], current: KeywordDictionary, edited: KeywordDictionary,
                               settings: AnalysisSettings = AnalysisSettings(), threads: Int = 1) -> DictionaryPreview {
        let after = Analyzer(dictionary: edited, settings: settings)
        let before = Analyzer(dictionary: current, settings: settings)
        var results = [(before: Score, after: Score)?](repeating: nil, count: inputs.count)
        let chunks = max(1, min(threads, inputs.count))
        results.withUnsafeMutableBufferPointer { out in
            // Each chunk writes only its own slots of the buffer, so the threads never share an element.
            nonisolated(unsafe) let slots = out
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var i = chunk
                while i < inputs.count {
                    let input = inputs[i]
                    let old = input.stored ?? before.analyze(input.utterances, duration: input.call.duration).score
                    let new = after.analyze(input.utterances, duration: input.call.duration).score
                    slots[i] = (old, new)
                    i += chunks
                }
            }
        }
        var preview = DictionaryPreview(calls: inputs.count, newlyFlagged: [], unflagged: [], averageBefore: 0,
                                        averageAfter: 0, changes: [])
        var sumBefore = 0.0, sumAfter = 0.0
        for (input, r) in zip(inputs, results) {
            guard let r else { continue }
            sumBefore += r.before.value
            sumAfter += r.after.value
            if !r.before.risk && r.after.risk { preview.newlyFlagged.append(input.call.id) }
            if r.before.risk && !r.after.risk { preview.unflagged.append(input.call.id) }
            if r.before.value != r.after.value || r.before.risk != r.after.risk {
                preview.changes.append(Change(callID: input.call.id, before: r.before.value, after: r.after.value,
                                              riskBefore: r.before.risk, riskAfter: r.after.risk))
            }
        }
        if !inputs.isEmpty {
            preview.averageBefore = sumBefore / Double(inputs.count)
            preview.averageAfter = sumAfter / Double(inputs.count)
        }
        preview.changes.sort {
            let a = abs($0.delta) + ($0.riskBefore != $0.riskAfter ? 100 : 0)
            let b = abs($1.delta) + ($1.riskBefore != $1.riskAfter ? 100 : 0)
            return a != b ? a > b : $0.callID < $1.callID
        }
        return preview
    }
}
