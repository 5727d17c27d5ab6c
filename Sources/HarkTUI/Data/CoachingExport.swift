import Foundation
import HarkCore
import HarkStore

/// Writes a coaching report as Markdown and self-contained HTML into a folder (created if missing), named
/// after the agent and the time, so repeated exports never overwrite each other.
public enum CoachingExport {
    /// Returns the paths written; errors name the path and the problem.
    public static func write(_ report: CoachingReport, folder: String, at date: Date) throws -> [String] {
        do {
            try PrivateFile.makeFolder(folder)
        } catch {
            throw DeskError("\(folder): cannot create the reports folder (\(error.localizedDescription))")
        }
        let base = "\(folder)/coaching-\(fileSafe(report.agent))-\(Format.fileStamp(date))"
        var written: [String] = []
        for (ext, text) in [("md", report.markdown()), ("html", report.html())] {
            let path = "\(base).\(ext)"
            do { try PrivateFile.write(text, to: path) } catch { throw DeskError("\(error)") }
            written.append(path)
        }
        return written
    }

    /// The agent's name with path separators and spaces replaced; Chinese names stay readable.
    static func fileSafe(_ name: String) -> String {
        let cleaned = String(name.map { $0 == "/" || $0 == "\\" || $0.isWhitespace || $0 == ":" ? "_" : $0 })
        return cleaned.isEmpty ? "agent" : cleaned
    }
}
