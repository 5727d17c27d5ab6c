import Foundation
import HarkCore
import HarkStore
import Testing

@Suite struct CallStoreTests {
    @Test func storeFileIsPrivate() throws {
        let f = try StoreFixture()
        let mode = try FileManager.default.attributesOfItem(atPath: f.store.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func importQueuesTranscriptionAndDedupes() throws {
        let f = try StoreFixture()
        let new = NewCall(path: "/a.wav", sha256: "abc", duration: 12, sampleRate: 8000, channels: 1,
                          metadata: CallMetadata(agent: "Alice"))
        let first = try f.store.importCall(new)
        guard case let .imported(id) = first else { Issue.record("not imported"); return }
        var moved = new
        moved.path = "/elsewhere/a-copy.wav"
        #expect(try f.store.importCall(moved) == .duplicate(id))
        #expect(try f.store.callCount() == 1)
        let jobs = try f.store.jobs()
        #expect(jobs.count == 1)
        #expect(jobs.first?.kind == .transcribe && jobs.first?.state == .queued)
        #expect(try f.store.call(id)?.status == .queued)
    }

    @Test func listFiltersSortsAndPages() throws {
        let f = try StoreFixture()
        for n in 0..<30 {
            try f.addCall(n, agent: n % 3 == 0 ? "Alice" : "Bob", startedAt: Date(timeIntervalSince1970: Double(1_763_000_000 + n * 60)))
        }
        #expect(try f.store.callCount(CallQuery(agent: "Alice")) == 10)
        let page = try f.store.calls(CallQuery(sort: .startedAt, descending: true, limit: 5, offset: 5))
        #expect(page.count == 5)
        #expect(page.first?.call.path == "/calls/24.wav")
        let from = Date(timeIntervalSince1970: 1_763_000_000 + 20 * 60)
        #expect(try f.store.callCount(CallQuery(from: from)) == 10)
    }

    @Test func transcriptAndAnalysisAreStoredTogether() throws {
        let f = try StoreFixture()
        let id = try f.addCall(1)
        let job = try #require(try f.store.claimJob(worker: "test:1:0"))
        #expect(try f.store.call(id)?.status == .transcribing)
        let utterances = [StoreFixture.utterance("您好", speaker: .agent, at: 0),
                          StoreFixture.utterance("我要投诉", at: 3)]
        let marker = Marker(kind: .keyword, category: "投诉", speaker: .customer, start: 3.5, end: 4, matchedText: "投诉",
                            polarity: .negative, severity: .high, explanation: "complaint")
        let analysis = CallAnalysis(markers: [marker],
                                    score: Score(value: 80, base: 100, evidence: [ScoreEvidence(points: -20, reason: "投诉", markerIndex: 0, at: 3.5)],
                                                 trend: .negative, risk: true, resolved: false),
                                    suggestions: ["Apologise sooner"])
        try f.store.finishTranscription(job: job.id, call: id, utterances: utterances, analysis: analysis)
        #expect(try f.store.utterances(of: id).map(\.text) == ["您好", "我要投诉"])
        #expect(try f.store.analysis(of: id) == analysis)
        let row = try #require(try f.store.calls().first)
        #expect(row.call.status == .done && row.score == 80 && row.risk && row.markerKinds == [.keyword])
        #expect(row.languages == ["zh"])
        #expect(try f.store.callCount(CallQuery(hasMarker: .keyword)) == 1)
        #expect(try f.store.callCount(CallQuery(hasMarker: .silence)) == 0)
        #expect(try f.store.jobs().first?.state == .done)
    }

    @Test func retranscribingReplacesRatherThanDuplicates() throws {
        let f = try StoreFixture()
        let id = try f.addCall(1)
        for round in 0..<2 {
            let job = try #require(try f.store.claimJob(worker: "test:1:0"))
            try f.store.finishTranscription(job: job.id, call: id,
                                            utterances: [StoreFixture.utterance("第\(round)次 退款", at: 1)], analysis: nil)
            try f.store.enqueue(.transcribe, for: id)
        }
        #expect(try f.store.utterances(of: id).count == 1)
        #expect(try f.store.search("退款").count == 1)
    }

    @Test func notesKeepAuthorAndTime() throws {
        let f = try StoreFixture()
        let id = try f.addCall(1)
        let saved = try f.store.addNote(Note(callID: id, at: 42.5, author: "lead", createdAt: Date(), text: "apologise earlier"))
        #expect(saved.id != nil)
        #expect(try f.store.notes(of: id).map(\.text) == ["apologise earlier"])
        #expect(throws: StoreError.self) {
            try f.store.addNote(Note(callID: 999, at: 0, author: "x", createdAt: Date(), text: "orphan"))
        }
    }
}
