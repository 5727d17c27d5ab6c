import Foundation
import HarkCore

/// Computes the Dictionary editor's what-if preview on a background thread, so a large archive (seconds of
/// analysis) never freezes the keyboard. Each request carries a generation; only the newest request's
/// result is kept, so typing ahead of a slow preview just drops the stale ones. The stored transcripts are
/// loaded once and kept until `invalidate` (after a rescore changed the stored scores).
public final class PreviewRunner: Sendable {
    /// A finished preview and what it needs to be shown.
    public struct Result: Sendable {
        public var generation: Int
        public var preview: DictionaryPreview
        public var seconds: Double
        /// The affected calls, to label them.
        public var calls: [CallID: Call]
    }

    private struct State {
        var wanted = 0
        var result: Result?
        var error: String?
        var inputs: [DictionaryPreview.Input]?
        var running = 0
    }

    private let state = Locked(State())
    private let source: DictionaryDataSource
    private let threads: Int

    public init(source: DictionaryDataSource, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.source = source
        self.threads = max(1, threads)
    }

    /// Starts computing `edited` against `current`; returns the request's generation.
    @discardableResult
    public func request(current: KeywordDictionary, edited: KeywordDictionary) -> Int {
        // A result not yet taken belongs to an older draft now.
        let generation = state.withLock { s in
            s.wanted += 1; s.running += 1; s.result = nil; s.error = nil
            return s.wanted
        }
        let thread = Thread { [self] in
            defer { state.withLock { $0.running -= 1 } }
            let started = ProcessInfo.processInfo.systemUptime
            do {
                let cached = state.withLock { $0.inputs }
                let inputs = try cached ?? source.previewInputs()
                if cached == nil { state.withLock { $0.inputs = inputs } }
                // A newer edit already came in: its own request does the work.
                guard state.withLock({ $0.wanted == generation }) else { return }
                let preview = DictionaryPreview.compute(inputs, current: current, edited: edited,
                                                        settings: source.analysisSettings, threads: threads)
                let wantedIDs = Set(preview.top(50).map(\.callID))
                let calls = Dictionary(inputs.lazy.filter { wantedIDs.contains($0.call.id) }.map { ($0.call.id, $0.call) },
                                       uniquingKeysWith: { a, _ in a })
                let result = Result(generation: generation, preview: preview,
                                    seconds: ProcessInfo.processInfo.systemUptime - started, calls: calls)
                state.withLock { s in if s.wanted == generation { s.result = result; s.error = nil } }
            } catch {
                state.withLock { s in if s.wanted == generation { s.error = "preview failed: \(error)" } }
            }
        }
        thread.name = "hark-preview"
        thread.start()
        return generation
    }

    /// Forgets the newest request (the draft became clean), so a late result is not shown.
    public func cancel() { state.withLock { $0.wanted += 1; $0.result = nil; $0.error = nil } }

    /// Drops the cached transcripts and scores (they changed in the store).
    public func invalidate() { state.withLock { $0.inputs = nil } }

    /// The newest request's result or error, once, when ready.
    public func take() -> (result: Result?, error: String?)? {
        state.withLock { s in
            guard s.result != nil || s.error != nil else { return nil }
            defer { s.result = nil; s.error = nil }
            return (s.result, s.error)
        }
    }

    /// Whether a request is still computing.
    public var isBusy: Bool { state.withLock { $0.running > 0 } }

    /// Drops any pending result and waits (up to `timeout` seconds) for running previews to end, so none
    /// outlives its desk. A preview left running past its owner's teardown corrupted the heap in the tests.
    public func finish(timeout: Double = 30) {
        cancel()
        let deadline = Date().addingTimeInterval(timeout)
        while isBusy && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }
}
