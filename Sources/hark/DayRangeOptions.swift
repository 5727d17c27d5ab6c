import ArgumentParser
import Foundation
import HarkCore

/// `--from` / `--to` as local days, both included: the same days the desk's `from:` / `to:` filter picks and
/// the calls list shows dates in.
struct DayRangeOptions: ParsableArguments {
    @Option(help: "Calls started on or after this local day (YYYY-MM-DD).") var from: String?
    @Option(help: "Calls started on or before this local day (YYYY-MM-DD).") var to: String?

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, Format.parseDay(value) == nil { throw ValidationError("\(name) \(value): expected a date YYYY-MM-DD") }
        }
    }

    var fromDate: Date? { from.flatMap { Format.parseDay($0) }?.start }
    /// The instant after the `--to` day ends (queries keep `started_at < to`).
    var toDate: Date? { to.flatMap { Format.parseDay($0) }?.end }
}
