import Foundation
import HarkTestSupport
import Testing

/// Data printed to a terminal carries no raw control characters: a file name or sidecar field with `\e[2J`
/// must not clear the user's screen, and a newline inside a name must not forge a line of output.
@Suite struct TerminalSafetyTests {
    @Test func hostileNamesAndSidecarsAreShownEscaped() throws {
        let dir = try TemporaryDirectory()
        let name = "evil\u{1B}[2J\u{07}call"
        let audio = dir.path("\(name).wav")
        try Shell.sox(["-n", "-r", "16000", "-c", "2", audio, "synth", "1", "sine", "300"])
        let sidecar = #"{"agent": "Bob\u001b[31m\nFAKE LINE", "customer": "Eve\u0007"}"#
        try Data(sidecar.utf8).write(to: URL(fileURLWithPath: dir.path("\(name).json")))
        let store = dir.path("calls.sqlite")
        var outputs: [String] = []
        for args in [["import", "--store", store, audio], ["calls", "--store", store],
                     ["report", "--store", store, "1"], ["search", "--store", store, "anything"],
                     ["report", "--store", store, "99"]] {
            let r = try Shell.run(Paths.harkBinary, args)
            outputs.append(r.stdout + r.stderr)
        }
        for (i, out) in outputs.enumerated() {
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "output \(i): \(out.debugDescription)")
        }
        #expect(outputs[0].contains(#"evil\e[2J\x07call"#), "\(outputs[0])")
        #expect(!outputs[1].contains("\nFAKE LINE"), "\(outputs[1])")
        #expect(outputs[2].contains(#"Bob\e[31m FAKE LINE"#), "\(outputs[2])")
        #expect(!outputs[2].contains("\nFAKE LINE"), "\(outputs[2])")
    }
}
