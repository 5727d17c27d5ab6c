import Foundation
import HarkCore

/// The saved versions of a versioned document (the dictionary, the QA forms): one listing, one choice of what
/// `undo` restores.
enum VersionHistory {
    /// One line per version, newest first as given: number, when, who, what changed.
    static func print(_ versions: [(version: Int, createdAt: Date, author: String, summary: String)]) {
        for v in versions {
            Swift.print(String(format: "%4d  ", v.version) + "\(Format.dateTime(v.createdAt))  \(Format.column(v.author, 10))  \(v.summary)")
        }
    }

    /// The version `undo` restores: `to`, else the one before the newest (`versions` newest first).
    static func target(_ versions: [Int], to: Int?, of what: String) throws -> Int {
        guard let target = to ?? (versions.count > 1 ? versions[1] : nil) else {
            throw CLIError("no earlier \(what) version to restore")
        }
        return target
    }
}
