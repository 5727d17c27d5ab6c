import Foundation
import HarkCore
import Testing

/// A sidecar that cannot be read says what is wrong in the user's words, never with a Foundation dump.
@Suite struct SidecarTests {
    @Test func brokenSidecarsGiveOnePlainReason() {
        let cases: [(String, String)] = [
            (#"{"agent": "王芳", "#, "sidecar is not valid JSON"),
            ("\u{FF}\u{FE}garbage", "sidecar is not valid JSON"),
            ("[1, 2]", "sidecar is not a JSON object"),
            (#"{"agent": 5}"#, #"sidecar value for "agent" is not valid"#),
            (#"{"started_at": "yesterday"}"#, #"sidecar value for "started_at" is not valid"#),
        ]
        for (json, reason) in cases {
            do {
                _ = try CallMetadata(sidecarJSON: Data(json.utf8))
                Issue.record("accepted \(json)")
            } catch {
                #expect("\(error)" == reason, "\(json): \(error)")
                #expect(!"\(error)".contains("NSCocoaErrorDomain"))
            }
        }
        #expect((try? CallMetadata(sidecarJSON: Data(#"{"agent": "王芳", "direction": "in"}"#.utf8)))?.agent == nil)
        #expect((try? CallMetadata(sidecarJSON: Data(#"{"agent": "王芳"}"#.utf8)))?.agent == "王芳")
    }
}
