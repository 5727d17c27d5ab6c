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
    /// The only connection to the file, seen by no other module: every write is a store method that keeps
    /// the store's invariants (a transaction per change, listing columns in step with markers, one pending job
    /// per call and kind), every read a method returning model types. (Internal, not private, only so the
    /// store's per-topic extension files can reach it.)
    let pool: DatabasePool
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
            // SQLite says "disk I/O error" when it cannot create the -wal/-shm files on a full disk.
            let full = error.resultCode == .SQLITE_FULL || Self.freeBytes(near: path) == 0
            throw StoreError.cannotOpen(path: path, reason: full ? "the disk is full" : error.message ?? "\(error.resultCode)")
        }
    }

    /// Bytes free to this user on the file system holding `path` (nil when it cannot be asked).
    static func freeBytes(near path: String) -> UInt64? {
        var fs = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &fs) == 0 else { return nil }
        return UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
    }

    /// The default store location: `$HARK_STORE`, else `$XDG_DATA_HOME/hark/calls.sqlite`
    /// (`~/.local/share/hark/calls.sqlite`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["HARK_STORE"], !explicit.isEmpty { return explicit }
        // $HOME first: NSHomeDirectory() reads the password database and ignores a HOME the user set.
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (home as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("hark/calls.sqlite")
    }
}

/// Why the store could not do what was asked; `description` is one line naming the file.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case noSuchCall(CallID)
    case noSuchJob(Int64)
    case invalidDictionary(String)
    case invalidForms(String)
    /// Roles were swapped on a call whose roles were never inferred.
    case noInferredRoles(CallID)
    /// A stored form facts or result blob this build cannot read.
    case corruptFormData(String)
    /// A stored marker of a kind this build does not know (a newer Hark wrote it).
    case unknownMarkerKind(call: CallID, kind: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open call store: \(reason)"
        case let .noSuchCall(id): return "no call with id \(id)"
        case let .noSuchJob(id): return "no job with id \(id)"
        case let .invalidDictionary(reason): return "invalid dictionary: \(reason)"
        case let .invalidForms(reason): return "invalid forms: \(reason)"
        case let .noInferredRoles(id): return "call \(id) has no inferred roles to swap: its channels are its roles"
        case let .corruptFormData(what): return "stored form data is damaged (\(what)); re-analyse the call"
        case let .unknownMarkerKind(call, kind):
            return "call \(call): unknown marker kind \"\(kind)\" in the store (written by a newer Hark?)"
        }
    }
}

extension CallStore {
    /// Throws when the store cannot take a write now (`hark doctor`); writes nothing.
    public func checkWritable() throws {
        try pool.write { db in try db.execute(sql: "CREATE TEMP TABLE hark_probe (x); DROP TABLE hark_probe") }
    }

    /// Why the store cannot be written at all (disk full, I/O error, read-only, gone), as one line naming
    /// the store; nil for errors that waiting or retrying may cure (a busy lock, a missing call).
    public func unwritableReason(_ error: any Error) -> String? {
        guard let db = error as? DatabaseError else { return nil }
        let why: String
        switch db.resultCode {
        case .SQLITE_FULL: why = "the disk is full"
        case .SQLITE_IOERR: why = Self.freeBytes(near: path) == 0 ? "the disk is full" : "input/output error"
        case .SQLITE_READONLY: why = "it is read-only"
        case .SQLITE_CANTOPEN: why = "it cannot be opened"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: why = "it is damaged"
        default: return nil
        }
        return "\(path): cannot write the call store: \(why)"
    }
}

/// Dates are stored as Unix seconds (REAL) so range filters are plain comparisons.
extension Date {
    var storeValue: Double { timeIntervalSince1970 }
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}
