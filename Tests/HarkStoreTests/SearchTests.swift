import HarkCore
import HarkStore
import Testing

@Suite struct SearchTests {
    /// A store with three transcribed calls, one written in Traditional characters.
    func seeded() throws -> (StoreFixture, [CallID]) {
        let f = try StoreFixture()
        let texts = [["您好，请问有什么可以帮您", "我要投诉你们，退款到现在还没到"],
                     ["我想咨询一下怎么使用", "I would like a refund please"],
                     ["我要投訴，退款太慢了", "好的我們馬上處理"]]
        var ids: [CallID] = []
        for (n, lines) in texts.enumerated() {
            let id = try f.addCall(n)
            let job = try #require(try f.store.claimJob(worker: "w:1:0"))
            try f.store.finishTranscription(job: job.id, call: id, utterances: lines.enumerated().map {
                StoreFixture.utterance($0.element, speaker: $0.offset == 0 ? .agent : .customer, at: Double($0.offset * 5))
            }, analysis: nil)
            ids.append(id)
        }
        return (f, ids)
    }

    @Test func twoCharacterChineseFindsBothScripts() throws {
        let (f, ids) = try seeded()
        #expect(Set(try f.store.search("投诉").map(\.callID)) == [ids[0], ids[2]])
        #expect(Set(try f.store.search("投訴").map(\.callID)) == [ids[0], ids[2]])
    }

    @Test func singleCharacterAndLongerPhrases() throws {
        let (f, ids) = try seeded()
        #expect(Set(try f.store.search("投").map(\.callID)) == [ids[0], ids[2]])
        #expect(Set(try f.store.search("退款").map(\.callID)) == [ids[0], ids[2]])
        #expect(try f.store.search("退款到现在").map(\.callID) == [ids[0]])
        // Characters present but not adjacent are not a phrase match.
        #expect(try f.store.search("投款").isEmpty)
    }

    @Test func englishWordsAndMixedQueries() throws {
        let (f, ids) = try seeded()
        #expect(try f.store.search("refund").map(\.callID) == [ids[1]])
        #expect(try f.store.search("REFUND please").map(\.callID) == [ids[1]])
        #expect(try f.store.search("refun").isEmpty, "English matches whole words")
        #expect(try f.store.search("咨询 使用").map(\.callID) == [ids[1]])
    }

    @Test func hitsPointAtTheUtterance() throws {
        let (f, ids) = try seeded()
        let hit = try #require(try f.store.search("还没到").first)
        #expect(hit.callID == ids[0] && hit.utteranceIndex == 1 && hit.speaker == .customer && hit.start == 5)
    }

    @Test func queriesWithOnlyPunctuationOrQuotesAreSafe() throws {
        let (f, _) = try seeded()
        #expect(try f.store.search("，。！").isEmpty)
        // FTS syntax in a query is taken as plain words, never as operators.
        #expect(try f.store.search("\"退款\"").count == 2)
        #expect(try f.store.search("退款 OR NEAR(").isEmpty)
    }
}
