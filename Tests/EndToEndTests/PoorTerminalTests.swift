import Foundation
import HarkTestSupport
import Testing

/// The desk on a terminal it cannot draw on says why in one line, instead of a blank screen.
@Suite struct PoorTerminalTests {
    @Test func aDumbTerminalIsRefusedWithAReason() throws {
        let dir = try TemporaryDirectory()
        // `script` gives the desk a real pty, as a user's terminal would.
        let r = try Shell.run("/usr/bin/script", ["-qec", "\(Paths.harkBinary) --store \(dir.path("s.sqlite")) --workers 0", "/dev/null"],
                              environment: ["TERM": "dumb"])
        #expect(r.status != 0)
        #expect(r.stdout.contains("TERM=dumb") && r.stdout.contains("cannot move the cursor"), "\(r.stdout)")
    }
}
