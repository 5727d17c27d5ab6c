import Foundation
import HarkCore
import HarkStore
@testable import HarkTUI
import Testing

/// The Dictionary editor's preview analyses with the desk's settings (the settings file's), not the defaults.
@Suite struct PreviewSettingsTests {
    static func preview(_ s: StoreDesk, settings: AnalysisSettings) throws -> DictionaryPreview {
        let runner = PreviewRunner(source: StoreDeskData(store: s.store, analysisSettings: settings), threads: 2)
        runner.request(current: .standard, edited: .standard)
        while runner.isBusy { Thread.sleep(forTimeInterval: 0.005) }
        return try #require(runner.take()?.result?.preview)
    }

    @Test func thePreviewScoresWithTheDesksSettings() throws {
        let s = try StoreDesk()
        // The stored scores were made with the defaults: the unchanged dictionary moves nothing.
        #expect(try Self.preview(s, settings: AnalysisSettings()).changes.isEmpty)
        var lower = AnalysisSettings()
        lower.weights.base = 50
        let moved = try Self.preview(s, settings: lower)
        #expect(moved.changes.count == StoreDesk.calls.count, "every call is scored from a base 20 points lower")
        #expect(moved.averageAfter < moved.averageBefore)
    }
}
