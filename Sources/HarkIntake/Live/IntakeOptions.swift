import HarkCore

/// How `hark watch` follows its folders.
public struct IntakeOptions: Sendable {
    public var folders: [RawPath]
    /// A file that has not grown for this long is finished (recorders that never close their file).
    public var settle: Double
    /// How often live calls are read (seconds).
    public var tick: Double
    /// Poll the folders instead of inotify.
    public var polling: Bool
    public var rules: AlertRules
    /// Threads stepping live calls (each borrows the shared recognisers before any batch worker).
    public var liveThreads: Int

    public init(folders: [RawPath], settle: Double = 5, tick: Double = 0.5, polling: Bool = false,
                rules: AlertRules = AlertRules(), liveThreads: Int = 1) {
        self.folders = folders
        self.settle = settle
        self.tick = tick
        self.polling = polling
        self.rules = rules
        self.liveThreads = max(1, liveThreads)
    }
}
