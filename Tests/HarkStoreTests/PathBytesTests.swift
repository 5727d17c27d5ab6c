import Foundation
import GRDB
import HarkCore
@testable import HarkStore
import HarkTestSupport
import Testing

/// `call.path_bytes` (v5): a file name that is not UTF-8 is stored so its exact bytes open it again.
@Suite struct PathBytesTests {
    static let gbk = RawPath(bytes: Array("/calls/".utf8) + [0xB2, 0xE2, 0xCA, 0xD4] + Array(".wav".utf8))

    @Test func aPathThatIsNotUTF8IsStoredByItsBytesBesideAReadableOne() throws {
        let f = try StoreFixture()
        let metadata = CallMetadata(agent: "Alice")
        guard case let .imported(id) = try f.store.importCall(NewCall(file: Self.gbk, sha256: "gbk", duration: 2,
                                                                     sampleRate: 8000, channels: 1, metadata: metadata)),
              case let .imported(plain) = try f.store.importCall(NewCall(file: RawPath("/calls/王芳.wav"), sha256: "utf8",
                                                                        duration: 2, sampleRate: 8000, channels: 1,
                                                                        metadata: metadata))
        else { Issue.record("not imported"); return }
        let call = try #require(try f.store.call(id))
        #expect(call.file == Self.gbk)
        #expect(call.path == #"/calls/\xB2\xE2\xCA\xD4.wav"#)
        #expect(try f.store.calls().first { $0.call.id == id }?.call.file == Self.gbk, "the list carries the bytes too")
        #expect(try f.store.call(plain)?.file == RawPath("/calls/王芳.wav"))
        #expect(try RawSQLite.int(f.store.path, "SELECT COUNT(*) FROM call WHERE path_bytes IS NULL") == 1,
                "a UTF-8 path is stored once, as text")
    }

    /// Calls imported before path bytes were kept (v4) read as before: their text path is the file.
    @Test func callsOfAStoreFromBeforePathBytesOpenByTheirTextPath() throws {
        let dir = try TemporaryDirectory("hark-store")
        let path = dir.path("calls.sqlite")
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v4")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO call (id, path, sha256, duration, sample_rate, channels, status, imported_at)
                VALUES (1, '/calls/王芳.wav', 'a', 60, 16000, 2, 'queued', 0);
                """)
        }
        try old.close()
        let call = try #require(try CallStore(path: path).call(1))
        #expect(call.pathBytes == nil)
        #expect(call.file == RawPath("/calls/王芳.wav"))
    }
}
