import Foundation
import GRDB
import HarkCore

/// The call store: recordings, transcripts, markers, scores, notes, the keyword dictionary and the job queue,
/// in one SQLite file opened as a WAL `DatabasePool`, so the TUI reads while background workers write.
///
/// Every write that touches more than one row runs in one transaction. Several processes may open the same
/// file (a TUI and a headless `hark work`): SQLite's locking and a busy timeout serialise their writes.
public final class CallStore: Sendable {
    /// The database file.
    public let path: String
    /// The GRDB pool, for `ValueObservation` and read-only queries of other modules.
    public let pool: DatabasePool
    /// Turns text into its matching form (Simplified, case-folded); applied to search queries.
    let normalize: @Sendable (String) -> String

    /// Opens or creates the store at `path` (file mode 0600) and migrates it to the current schema.
    public init(path: String, normalize: @escaping @Sendable (String) -> String = { $0.lowercased() }) throws {
        self.path = path
        self.normalize = normalize
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty && !fm.fileExists(atPath: folder) {
                do {
                    try PrivateFile.makeFolder(folder)
                } catch {
                    throw StoreError.cannotOpen(path: path, reason: "cannot create folder \(folder)")
                }
            }
            if !fm.fileExists(atPath: path) {
                // Create it 0600 ourselves: SQLite gives the -wal/-shm files the same mode as the database.
                guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw StoreError.cannotOpen(path: path, reason: "cannot create file")
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, reason: error.localizedDescription)
        }
        var config = Configuration()
        config.busyMode = .timeout(15)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // WAL with NORMAL sync cannot corrupt the file on a crash; it may only lose the last commits on
            // power loss, which the job queue redoes.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// The default store location: `$HARK_STORE`, else `$XDG_DATA_HOME/hark/calls.sqlite`
    /// (`~/.local/share/hark/calls.sqlite`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["HARK_STORE"], !explicit.isEmpty { return explicit }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("hark/calls.sqlite")
    }
}

/// Why the store could not do what was asked; `description` is one line naming the file.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case noSuchCall(CallID)
    case noSuchJob(Int64)
    case invalidDictionary(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open call store: \(reason)"
        case let .noSuchCall(id): return "no call with id \(id)"
        case let .noSuchJob(id): return "no job with id \(id)"
        case let .invalidDictionary(reason): return "invalid dictionary: \(reason)"
        }
    }
}

/// Dates are stored as Unix seconds (REAL) so range filters are plain comparisons.
extension Date {
    var storeValue: Double { timeIntervalSince1970 }
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}
