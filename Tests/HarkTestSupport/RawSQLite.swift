import GRDB

/// SQL on a store file through a connection of its own, for tests that need what no store method writes: a
/// marker kind from a newer Hark, calls analysed by an older one. The store itself exposes no connection.
public enum RawSQLite {
    public static func execute(_ path: String, _ sql: String) throws {
        try queue(path).write { try $0.execute(sql: sql) }
    }

    public static func int(_ path: String, _ sql: String) throws -> Int? {
        try queue(path).read { try Int.fetchOne($0, sql: sql) }
    }

    private static func queue(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        // The store's own pool may be writing: wait for it rather than fail.
        config.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: config)
    }
}
