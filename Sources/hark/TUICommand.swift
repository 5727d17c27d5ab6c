import ArgumentParser
import Foundation
import HarkCore
import HarkStore
import HarkTUI

/// `hark` with no arguments: the review desk on the call store.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the review desk (the default command): calls, review with playback, queue, dashboard.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Colour theme: default, high-contrast, light, mono (or any themes/NAME.toml).")
    var theme: String?
    @Option(name: .customLong("audio-device"), help: "ALSA device for playback (default, pulse, null, hw:0).")
    var audioDevice: String = "default"
    @Option(help: "Speech models folder for the background workers.")
    var models: String?

    func run() throws {
        let store = try storeOptions.open()
        let folder = Theme.defaultFolder()
        let themes = try folder.map { try Theme.loadAll(folder: $0) } ?? []
        let data = StoreDeskData(store: store, workerCount: 0)
        // Until the ALSA player lands, the playhead runs on the clock without sound and the transport
        // line says so; the real player plugs in here (`Player(path:device:)`).
        let device = audioDevice
        let desk = try Desk(data: data, themes: themes, theme: theme, makePlayer: { call in
            ClockPlayer(duration: call.duration, muteReason: "muted: no player for device \(device) in this build")
        })
        let terminal = try Terminal()
        _ = DeskLoop.run(desk, on: terminal)
    }
}
