/// Who is talking. Stereo recordings put the agent on channel 0 and the customer on channel 1;
/// a mono recording has a single `mixed` speaker until diarization exists.
public enum Speaker: String, Codable, Sendable, Hashable, CaseIterable {
    case agent
    case customer
    case mixed

    /// The speaker a channel carries in a recording with `channelCount` channels.
    /// Whether this speaker's turn is `side`'s: the side's own channel, or the one mixed speaker of a recording
    /// that has no channel for that side (`sideRecorded` false).
    public func speaks(for side: Speaker, sideRecorded: Bool) -> Bool { self == side || (self == .mixed && !sideRecorded) }

    public static func forChannel(_ channel: Int, of channelCount: Int) -> Speaker {
        guard channelCount >= 2 else { return .mixed }
        return channel == 0 ? .agent : .customer
    }
}
