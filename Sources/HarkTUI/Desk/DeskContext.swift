import Foundation
import HarkCore

/// What every screen may use: the data source, a player for a call, the clock, where reports go.
struct DeskContext {
    let data: DeskDataSource
    let makePlayer: (Call) -> PlaybackControlling?
    let now: () -> Date
    let reportsFolder: String
}
