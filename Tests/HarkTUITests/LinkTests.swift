import HarkTUI
import Testing

@Test func ncursesLoads() {
    #expect(NcursesInfo.version.contains("ncurses"))
}
