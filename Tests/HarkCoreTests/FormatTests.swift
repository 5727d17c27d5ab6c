import Foundation
import HarkCore
import Testing

/// The one formatting of times and days the CLI, the desk and the reports share.
@Suite struct FormatTests {
    @Test func durationsAreCutLikeAPlayersClockNeverRoundedUp() {
        #expect(Format.duration(30.6) == "0:30")
        #expect(Format.duration(67.9) == "1:07")
        #expect(Format.duration(3725) == "1:02:05")
        #expect(Format.duration(-3) == "0:00" && Format.duration(.nan) == "0:00")
    }

    @Test func aDayIsTheLocalDayBothEndsIncluded() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let day = try #require(Format.parseDay("2026-11-16", timeZone: shanghai))
        #expect(day.start == ISO8601DateFormatter().date(from: "2026-11-15T16:00:00Z"))
        #expect(day.duration == 86_400)
        // A call at 04:00 Shanghai time is on the 16th there, and on the 15th in UTC.
        let call = try #require(ISO8601DateFormatter().date(from: "2026-11-15T20:00:00Z"))
        #expect(day.contains(call))
        #expect(try #require(Format.parseDay("2026-11-16", timeZone: TimeZone(identifier: "UTC")!)).contains(call) == false)
        #expect(Format.dateTime(call, timeZone: shanghai) == "2026-11-16 04:00")
        #expect(Format.shortDate(call, timeZone: shanghai) == "11-16 04:00")
        for bad in ["2026-02-30", "20261116", "2026-11", "yesterday", "2026-13-01"] {
            #expect(Format.parseDay(bad) == nil, "\(bad)")
        }
    }
}
