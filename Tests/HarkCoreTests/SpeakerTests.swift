import HarkCore
import Testing

@Test func stereoChannelsMapToAgentAndCustomer() {
    #expect(Speaker.forChannel(0, of: 2) == .agent)
    #expect(Speaker.forChannel(1, of: 2) == .customer)
    #expect(Speaker.forChannel(0, of: 1) == .mixed)
}
